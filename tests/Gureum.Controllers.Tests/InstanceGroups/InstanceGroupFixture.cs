using Gureum.Local.Aws;

namespace Gureum.Controllers.Tests.InstanceGroups;

/// <summary>The controller fixture with EC2 and Auto Scaling time running fast: instances start in a
/// fraction of a second, health checks and cooldowns pass in a few.</summary>
public sealed class InstanceGroupFixture : ControllerFixture
{
    protected override AwsEmulatorOptions EmulatorOptions() => base.EmulatorOptions() with { ClockSpeedUp = 60 };
}
