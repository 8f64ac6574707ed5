using Gureum.Api.V1Alpha1;
using Gureum.Controllers;
using Gureum.Controllers.Tests.Support;
using Gureum.Local.Aws;
using Gureum.Local.Aws.Faults;
using Gureum.Testing;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class FaultyDnsControllerFixture : DnsControllerFixture
{
    protected override AwsEmulatorOptions EmulatorOptions() => base.EmulatorOptions() with
    {
        Faults = new FaultSettings
        {
            Seed = 7,
            Services = new Dictionary<string, ServiceFaults>
            {
                ["route53"] = new() { Throttle = true, ServerErrorFraction = 0.2, LostResponseFraction = 0.4 },
            },
        },
    };

    // Batching leaves few writes to lose: small batches (and a high loss rate) make sure some are lost.
    protected override GureumControllerOptions ControllerOptions() => base.ControllerOptions() with { BatchWindow = TimeSpan.FromMilliseconds(1) };
}

public sealed class DnsRecordFaultTests(FaultyDnsControllerFixture env) : IClassFixture<FaultyDnsControllerFixture>
{
    [Fact]
    public async Task Under_throttling_5xx_and_lost_responses_every_record_ends_correct_and_none_is_duplicated()
    {
        const int count = 40;
        var names = Enumerable.Range(0, count).Select(_ => env.UniqueName("faulty")).ToList();
        await Task.WhenAll(names.Select((name, i) => env.CreateAsync(
            TestObjects.DnsRecord(name).OfType(DnsRecordType.TXT).WithValues($"\"record {i}\"").Build())));

        foreach (var name in names)
            await env.WaitReadyAsync(name, TimeSpan.FromSeconds(90));

        Assert.True(env.Emulator.Stats.Faults("route53", FaultKind.LostResponse) > 0, "some responses were lost");
        Assert.True(env.Emulator.Stats.Faults("route53", FaultKind.ServerError) > 0, "some calls failed with 5xx");
        var sets = await env.RecordSetsAsync();
        for (var i = 0; i < count; i++)
        {
            var name = names[i];
            Assert.Equal([$"\"record {i}\""], Assert.Single(sets, s => s.Name == $"{name}.example.com." && s.Type == "TXT").Values);
            Assert.Single(sets, s => s.Name == $"gureum-txt-{name}.example.com." && s.Type == "TXT");
        }
        // Nothing but our records, their marks and the zone's own NS and SOA.
        Assert.Equal(2 * count + 2, sets.Count);
    }
}
