using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Validation;

public static class InstanceGroupValidator
{
    public const int MaxUserDataBytes = 16384;

    public static IReadOnlyList<FieldError> Validate(InstanceGroupSpec spec) => Validate(spec, "spec");

    /// <param name="path">Where the spec sits: "spec" for an InstanceGroup, "spec.template" inside a Rollout.</param>
    public static IReadOnlyList<FieldError> Validate(InstanceGroupSpec spec, string path)
    {
        var errors = new FieldErrors();
        errors.Require(spec.MinSize >= 0, path + ".minSize", "must not be negative");
        if (spec.MinSize > spec.MaxSize)
            errors.Add(path + ".maxSize", $"maxSize {spec.MaxSize} is below minSize {spec.MinSize}");
        if (spec.DesiredCapacity is { } desired && (desired < spec.MinSize || desired > spec.MaxSize))
            errors.Add(path + ".desiredCapacity", $"must be between minSize {spec.MinSize} and maxSize {spec.MaxSize}");
        errors.Require(spec.SubnetIds.Count > 0, path + ".subnetIds", "at least one subnet is required");
        for (var i = 0; i < spec.SubnetIds.Count; i++)
            errors.Require(spec.SubnetIds[i].StartsWith("subnet-", StringComparison.Ordinal), $"{path}.subnetIds[{i}]", "must be a subnet id (subnet-...)");
        var hasLoadBalancer = spec.LoadBalancerRefs is { Count: > 0 };
        if (spec.Scaling is { } scaling)
        {
            if ((scaling.TargetCpuUtilizationPercent is null) == (scaling.TargetRequestsPerTarget is null))
                errors.Add(path + ".scaling", "exactly one of targetCpuUtilizationPercent or targetRequestsPerTarget must be set");
            if (scaling.TargetRequestsPerTarget is not null && !hasLoadBalancer)
                errors.Add(path + ".scaling.targetRequestsPerTarget", "needs loadBalancerRefs");
        }
        if (spec.HealthCheck is { Type: HealthCheckType.ELB } && !hasLoadBalancer)
            errors.Add(path + ".healthCheck.type", "ELB health checks need loadBalancerRefs");
        for (var i = 0; i < (spec.LoadBalancerRefs?.Count ?? 0); i++)
            errors.Require(!string.IsNullOrWhiteSpace(spec.LoadBalancerRefs![i].Name), $"{path}.loadBalancerRefs[{i}].name", "must not be empty");
        ValidateTemplate(spec.Template, path + ".template", errors);
        return errors.ToList();
    }

    private static void ValidateTemplate(LaunchTemplateSpec template, string path, FieldErrors errors)
    {
        errors.Require(template.ImageId.StartsWith("ami-", StringComparison.Ordinal), path + ".imageId", "must be an AMI id (ami-...)");
        errors.Require(!string.IsNullOrWhiteSpace(template.InstanceType), path + ".instanceType", "must not be empty");
        // EC2's limit is on the raw bytes before base64: 16 KB.
        if (template.UserData is { } userData && System.Text.Encoding.UTF8.GetByteCount(userData) > MaxUserDataBytes)
            errors.Add(path + ".userData", $"is {System.Text.Encoding.UTF8.GetByteCount(userData)} bytes; EC2 allows at most {MaxUserDataBytes} bytes of user data");
        for (var i = 0; i < (template.SecurityGroupIds?.Count ?? 0); i++)
            errors.Require(template.SecurityGroupIds![i].StartsWith("sg-", StringComparison.Ordinal), $"{path}.securityGroupIds[{i}]", "must be a security group id (sg-...)");
        var devices = template.BlockDevices ?? [];
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            var devicePath = $"{path}.blockDevices[{i}]";
            if (devices.Take(i).Any(d => d.DeviceName == device.DeviceName))
                errors.Add(devicePath + ".deviceName", $"{device.DeviceName} is used twice");
            var provisioned = device.VolumeType is VolumeType.Io1 or VolumeType.Io2;
            if (provisioned && device.Iops is null)
                errors.Add(devicePath + ".iops", $"{device.VolumeType.ToString().ToLowerInvariant()} volumes need iops");
            if (device.Iops is not null && !provisioned && device.VolumeType != VolumeType.Gp3)
                errors.Add(devicePath + ".iops", "only gp3, io1 and io2 volumes take iops");
            if (device.ThroughputMiBps is not null && device.VolumeType != VolumeType.Gp3)
                errors.Add(devicePath + ".throughputMiBps", "only gp3 volumes take a throughput");
        }
    }
}
