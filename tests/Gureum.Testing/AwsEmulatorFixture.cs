using Gureum.Local.Aws;
using Xunit;

namespace Gureum.Testing;

/// <summary>
/// An AWS emulator on a free port with hosted zone <c>example.com.</c> seeded, shared by a test
/// class. Override <see cref="CreateOptions"/> for other settings.
/// </summary>
public class AwsEmulatorFixture : IAsyncLifetime
{
    public const string ExampleZone = "example.com.";

    private AwsEmulator? _emulator;

    public AwsEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    protected virtual AwsEmulatorOptions CreateOptions() => new() { SeedHostedZones = [ExampleZone] };

    public async Task InitializeAsync() =>
        _emulator = await AwsEmulator.StartAsync(CreateOptions(), CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
            await _emulator.DisposeAsync();
    }
}

/// <summary>The emulator with ELBv2 taking any well-shaped subnet and security group id (ELBv2 tested alone).</summary>
public sealed class Elbv2AloneEmulatorFixture : AwsEmulatorFixture
{
    protected override AwsEmulatorOptions CreateOptions() => base.CreateOptions() with { Elbv2AcceptsAnyNetworkId = true };
}
