using Gureum.Controllers;
using Gureum.Local.Aws;

namespace Gureum.Controllers.Tests.InstanceGroups;

/// <summary>
/// <see cref="InstanceGroupFixture"/>'s fast instances with the scheduled full read out of any test's reach (as
/// <see cref="Support.ResyncFixture"/>): what a resync pass reads and sees is then its own.
/// </summary>
public sealed class InstanceGroupResyncFixture : ControllerFixture
{
    protected override AwsEmulatorOptions EmulatorOptions() => base.EmulatorOptions() with { ClockSpeedUp = 60 };

    protected override GureumControllerOptions ControllerOptions() => base.ControllerOptions() with { FullReadEvery = 100_000 };
}
