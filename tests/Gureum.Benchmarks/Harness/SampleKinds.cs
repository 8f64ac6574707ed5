using Gureum.Api.V1Alpha1;
using Gureum.Local.Aws;
using Gureum.Testing;

namespace Gureum.Benchmarks.Harness;

/// <summary>Objects of the AWS kinds that the emulator accepts as they are: its seeded default network and image catalogue.</summary>
internal static class SampleKinds
{
    /// <summary>A launch template and an Auto Scaling group of one instance on the default subnets, EC2 health checks, no scaling policy.</summary>
    public static InstanceGroupBuilder InstanceGroup(string name, string image) =>
        TestObjects.InstanceGroup(name).Sized(1, 2, 1).WithSpec(spec => spec with
        {
            SubnetIds = [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB],
            HealthCheck = new GroupHealthCheckSpec { Type = HealthCheckType.EC2, GracePeriodSeconds = 30 },
            Template = spec.Template with { ImageId = image, SecurityGroupIds = [EmulatorNetwork.DefaultSecurityGroup] },
        });

    /// <summary>The newest Amazon Linux 2023 x86_64 image of the emulator's catalogue, read in-process (no EC2 call counted).</summary>
    public static string Al2023Image(AwsEmulator emulator) =>
        emulator.Ec2.Images.Images
            .Where(i => i.Name.StartsWith("al2023-ami-2023", StringComparison.Ordinal) && i.Architecture == "x86_64")
            .OrderByDescending(i => i.CreationDate, StringComparer.Ordinal).First().ImageId;
}
