using System.Text.Json.Nodes;
using Gureum.Api.V1Alpha1;
using Gureum.Api.Validation;
using Gureum.Testing;
using Xunit;

namespace Gureum.Api.Tests.Validation;

public sealed class OtherValidatorsTests
{
    private static readonly JsonObject TrustEc2 = JsonNode.Parse("""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}
        """)!.AsObject();

    private static readonly JsonObject TrustAnyone = JsonNode.Parse("""
        {"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","*"]},"Action":"sts:AssumeRole"}}
        """)!.AsObject();

    public static TheoryData<string, IamRoleBuilder, string?> IamRoles => new()
    {
        { "services shorthand", TestObjects.IamRole("web"), null },
        { "document", TestObjects.IamRole("web").WithSpec(s => s with { TrustedServices = null, AssumeRolePolicy = TrustEc2 }), null },
        { "managed and boundary", TestObjects.IamRole("web").WithManagedPolicies("arn:aws:iam::aws:policy/ReadOnlyAccess")
            .WithSpec(s => s with { PermissionsBoundaryArn = "arn:aws:iam::123456789012:policy/boundary" }), null },
        { "name too long", TestObjects.IamRole("web").Named(new string('r', 65)), "spec.roleName" },
        { "name charset", TestObjects.IamRole("web").Named("web role"), "spec.roleName" },
        { "no trust", TestObjects.IamRole("web").TrustingServices(), "spec.assumeRolePolicy" },
        { "both trusts", TestObjects.IamRole("web").WithSpec(s => s with { AssumeRolePolicy = TrustEc2 }), "spec.trustedServices" },
        { "bad service", TestObjects.IamRole("web").TrustingServices("ec2"), "spec.trustedServices[0]" },
        { "wildcard principal", TestObjects.IamRole("web").WithSpec(s => s with { TrustedServices = null, AssumeRolePolicy = TrustAnyone }), "spec.assumeRolePolicy" },
        { "bad path", TestObjects.IamRole("web").WithSpec(s => s with { Path = "svc" }), "spec.path" },
        { "session too short", TestObjects.IamRole("web").WithSpec(s => s with { MaxSessionDurationSeconds = 60 }), "spec.maxSessionDurationSeconds" },
        { "bad managed arn", TestObjects.IamRole("web").WithManagedPolicies("ReadOnlyAccess"), "spec.managedPolicyArns[0]" },
        { "inline without statement", TestObjects.IamRole("web").WithSpec(s => s with { InlinePolicies = new Dictionary<string, JsonObject> { ["s3"] = new() } }), "spec.inlinePolicies[s3]" },
    };

    [Theory, MemberData(nameof(IamRoles))]
    public void IamRole_rules(string because, IamRoleBuilder role, string? path) =>
        AssertErrors(because, IamRoleValidator.Validate(role.Build().Spec), path);

    [Fact]
    public void IamRole_wildcard_principal_allowed_when_configured()
    {
        var spec = TestObjects.IamRole("web").WithSpec(s => s with { TrustedServices = null, AssumeRolePolicy = TrustAnyone }).Build().Spec;
        Assert.Empty(IamRoleValidator.Validate(spec, allowWildcardPrincipal: true));
    }

    public static TheoryData<string, LoadBalancerBuilder, string?> LoadBalancers => new()
    {
        { "http", TestObjects.LoadBalancer("web"), null },
        { "https with cert", TestObjects.LoadBalancer("web").WithListener(443, LoadBalancerProtocol.HTTPS, "arn:aws:acm:eu-west-1:123456789012:certificate/abc"), null },
        { "https without cert", TestObjects.LoadBalancer("web").WithListener(443, LoadBalancerProtocol.HTTPS), "spec.listeners[1].certificateArn" },
        { "cert on http", TestObjects.LoadBalancer("web").WithListener(8080, LoadBalancerProtocol.HTTP, "arn:x"), "spec.listeners[1].certificateArn" },
        { "duplicate port", TestObjects.LoadBalancer("web").WithListener(80, LoadBalancerProtocol.HTTP), "spec.listeners[1].port" },
        { "tcp on application", TestObjects.LoadBalancer("web").WithListener(22, LoadBalancerProtocol.TCP), "spec.listeners[1].protocol" },
        { "http on network", TestObjects.LoadBalancer("web").WithSpec(s => s with { Type = LoadBalancerType.Network }), "spec.listeners[0].protocol" },
        { "redirect from https", TestObjects.LoadBalancer("web").WithSpec(s => s with { Listeners = [new ListenerSpec { Port = 443, Protocol = LoadBalancerProtocol.HTTPS, CertificateArn = "arn:c", RedirectToHttps = true }] }), "spec.listeners[0].redirectToHttps" },
        { "timeout not below interval", TestObjects.LoadBalancer("web").WithSpec(s => s with { TargetGroup = s.TargetGroup with { HealthCheck = new TargetHealthCheckSpec { IntervalSeconds = 10, TimeoutSeconds = 10 } } }), "spec.targetGroup.healthCheck.timeoutSeconds" },
        { "no listeners", TestObjects.LoadBalancer("web").WithSpec(s => s with { Listeners = [] }), "spec.listeners" },
        { "idle timeout on network", TestObjects.LoadBalancer("web").WithSpec(s => s with { Type = LoadBalancerType.Network, Listeners = [new ListenerSpec { Port = 80, Protocol = LoadBalancerProtocol.TCP }], TargetGroup = new TargetGroupSpec { Port = 80, Protocol = LoadBalancerProtocol.TCP }, IdleTimeoutSeconds = 60 }), "spec.idleTimeoutSeconds" },
    };

    [Theory, MemberData(nameof(LoadBalancers))]
    public void LoadBalancer_rules(string because, LoadBalancerBuilder lb, string? path) =>
        AssertErrors(because, LoadBalancerValidator.Validate(lb.Build().Spec), path);

    public static TheoryData<string, InstanceGroupBuilder, string?> InstanceGroups => new()
    {
        { "sized", TestObjects.InstanceGroup("web").Sized(1, 3, 2), null },
        { "min above max", TestObjects.InstanceGroup("web").Sized(4, 3), "spec.maxSize" },
        { "desired above max", TestObjects.InstanceGroup("web").Sized(1, 3, 4), "spec.desiredCapacity" },
        { "desired below min", TestObjects.InstanceGroup("web").Sized(2, 3, 1), "spec.desiredCapacity" },
        { "two scaling targets", TestObjects.InstanceGroup("web").BehindLoadBalancers("lb").WithSpec(s => s with { Scaling = new ScalingSpec { TargetCpuUtilizationPercent = 50, TargetRequestsPerTarget = 100 } }), "spec.scaling" },
        { "requests without lb", TestObjects.InstanceGroup("web").WithSpec(s => s with { Scaling = new ScalingSpec { TargetRequestsPerTarget = 100 } }), "spec.scaling.targetRequestsPerTarget" },
        { "ELB check without lb", TestObjects.InstanceGroup("web").WithSpec(s => s with { HealthCheck = new GroupHealthCheckSpec { Type = HealthCheckType.ELB } }), "spec.healthCheck.type" },
        { "io2 without iops", TestObjects.InstanceGroup("web").WithSpec(s => s with { Template = s.Template with { BlockDevices = [new BlockDeviceSpec { DeviceName = "/dev/xvda", VolumeSizeGiB = 8, VolumeType = VolumeType.Io2 }] } }), "spec.template.blockDevices[0].iops" },
        { "bad image", TestObjects.InstanceGroup("web").WithSpec(s => s with { Template = s.Template with { ImageId = "img-1" } }), "spec.template.imageId" },
    };

    [Theory, MemberData(nameof(InstanceGroups))]
    public void InstanceGroup_rules(string because, InstanceGroupBuilder group, string? path) =>
        AssertErrors(because, InstanceGroupValidator.Validate(group.Build().Spec), path);

    public static TheoryData<string, RolloutBuilder, string?> Rollouts => new()
    {
        { "in place", TestObjects.Rollout("web"), null },
        { "blue green", TestObjects.Rollout("web").BlueGreen("lb"), null },
        { "blue green without lb", TestObjects.Rollout("web").WithSpec(s => s with { Strategy = new RolloutStrategy { Type = RolloutStrategyType.BlueGreen } }), "spec.loadBalancerRef" },
        { "template error is prefixed", TestObjects.Rollout("web").WithSpec(s => s with { Template = s.Template with { MinSize = 5 } }), "spec.template.maxSize" },
        { "batch and percentage", TestObjects.Rollout("web").WithSpec(s => s with { Strategy = new RolloutStrategy { InPlace = new InPlaceStrategy { BatchSize = BatchSize.AllAtOnce, MinHealthyPercentage = 50 } } }), "spec.strategy.inPlace" },
        { "blueGreen settings on InPlace", TestObjects.Rollout("web").WithSpec(s => s with { Strategy = s.Strategy with { BlueGreen = new BlueGreenStrategy() } }), "spec.strategy.blueGreen" },
    };

    [Theory, MemberData(nameof(Rollouts))]
    public void Rollout_rules(string because, RolloutBuilder rollout, string? path) =>
        AssertErrors(because, RolloutValidator.Validate(rollout.Build().Spec), path);

    private static void AssertErrors(string because, IReadOnlyList<FieldError> errors, string? path)
    {
        if (path is null)
            Assert.True(errors.Count == 0, $"{because}: [{string.Join("; ", errors)}]");
        else
            Assert.True(errors.Any(e => e.Path == path), $"{because}: expected {path}, got [{string.Join("; ", errors)}]");
    }
}
