namespace Gureum.Controllers.Tests.Support;

/// <summary>
/// The controller fixture with the scheduled full read out of any test's reach: under load the first of several
/// objects can be Ready many seconds before the last, so at FullReadEvery = 10 (20 s here) its scheduled full read
/// fell inside the measured window. When that read comes is <see cref="Tests.Common.FullReadsTests"/>' concern.
/// </summary>
public sealed class ResyncFixture : ControllerFixture
{
    protected override GureumControllerOptions ControllerOptions() => base.ControllerOptions() with { FullReadEvery = 100_000 };
}
