using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

public sealed class StsTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    private AmazonSecurityTokenServiceClient Client() => new(
        new BasicAWSCredentials(fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
        new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = fixture.Emulator.Endpoint.ToString(),
            AuthenticationRegion = fixture.Emulator.Region,
            MaxErrorRetry = 0,
        });

    [Fact]
    public async Task GetCallerIdentity_through_the_official_client_names_the_emulator_user()
    {
        using var client = Client();

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("000000000000", identity.Account);
        Assert.Equal("arn:aws:iam::000000000000:user/gureum-local", identity.Arn);
        Assert.StartsWith("AIDA", identity.UserId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_aws_cli_reads_the_Query_envelope()
    {
        var result = await new AwsCli(fixture.Emulator).RunAsync("sts", "get-caller-identity", "--query", "Account", "--output", "text");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("000000000000", result.StdOut.Trim());
    }

    [Fact]
    public async Task An_unknown_action_is_InvalidAction_400()
    {
        using var client = new SignedRoute53Client(fixture.Emulator, service: "sts");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Action"] = "Frobnicate", ["Version"] = "2011-06-15" });

        var reply = await client.SendFormAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("<Code>InvalidAction</Code>", reply.Body, StringComparison.Ordinal);
        Assert.Contains("Could not find operation Frobnicate for version 2011-06-15", reply.Body, StringComparison.Ordinal);
    }
}
