using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's Route53 read by the AWS CLI (botocore), the client users script with.</summary>
public sealed class Route53AwsCliTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    private readonly AwsCli _aws = new(fixture.Emulator);

    [Fact]
    public async Task A_refused_change_batch_is_InvalidChangeBatch_with_Route53s_message_for_the_cli()
    {
        var zone = await ZoneIdAsync();
        var batch = """{"Changes":[{"Action":"CREATE","ResourceRecordSet":{"Name":"cli-dup.example.com.","Type":"A","TTL":60,"ResourceRecords":[{"Value":"192.0.2.1"}]}}]}""";
        var first = await _aws.RunAsync("route53", "change-resource-record-sets", "--hosted-zone-id", zone, "--change-batch", batch);

        var again = await _aws.RunAsync("route53", "change-resource-record-sets", "--hosted-zone-id", zone, "--change-batch", batch);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains(
            "An error occurred (InvalidChangeBatch) when calling the ChangeResourceRecordSets operation: "
            + "[Tried to create resource record set [name='cli-dup.example.com.', type='A'] but it already exists]",
            again.StdErr, StringComparison.Ordinal);
    }

    private async Task<string> ZoneIdAsync()
    {
        var zones = await _aws.RunAsync("route53", "list-hosted-zones-by-name", "--dns-name", AwsEmulatorFixture.ExampleZone,
            "--query", "HostedZones[0].Id", "--output", "text");
        Assert.True(zones.ExitCode == 0, zones.ToString());
        return zones.StdOut.Trim();
    }
}
