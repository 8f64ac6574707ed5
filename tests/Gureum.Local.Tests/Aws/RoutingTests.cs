using System.Net;
using Gureum.Local.Aws;
using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

public sealed class RoutingTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    [Fact]
    public async Task A_request_without_Authorization_is_MissingAuthenticationToken_403()
    {
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };

        using var response = await http.GetAsync(new Uri("/2013-04-01/hostedzone", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationToken</Code>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_credential_scope_picks_the_service()
    {
        // The same path signed for STS is an STS request, which knows no such action.
        using var asSts = new SignedRoute53Client(fixture.Emulator, service: "sts");

        var reply = await asSts.SendFormAsync(new StringContent(""));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("<Code>MissingAction</Code>", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_service_is_refused()
    {
        using var client = new SignedRoute53Client(fixture.Emulator, service: "s3");

        var reply = await client.SendFormAsync(new StringContent(""));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("s3", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_count_requests_per_service_and_operation()
    {
        using var client = new SignedRoute53Client(fixture.Emulator);
        var before = fixture.Emulator.Stats.Requests("route53", "GetHostedZoneCount");

        await client.GetAsync("/2013-04-01/hostedzonecount");
        await client.GetAsync("/2013-04-01/hostedzonecount");

        Assert.Equal(before + 2, fixture.Emulator.Stats.Requests("route53", "GetHostedZoneCount"));
    }

    [Fact]
    public void The_env_file_holds_endpoint_region_and_keys()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gureum-{Guid.NewGuid():N}", "aws.env");
        try
        {
            var written = fixture.Emulator.WriteEnvFile(path);

            var lines = File.ReadAllLines(written);
            Assert.Equal(
            [
                $"AWS_ENDPOINT_URL={fixture.Emulator.Endpoint.ToString().TrimEnd('/')}",
                "AWS_REGION=us-east-1",
                $"AWS_ACCESS_KEY_ID={AwsEmulator.TestAccessKeyId}",
                $"AWS_SECRET_ACCESS_KEY={AwsEmulator.TestSecretAccessKey}",
            ], lines);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}

public sealed class SignatureVerificationTests : IAsyncLifetime
{
    private AwsEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { VerifySignatures = true }, CancellationToken.None);

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_correctly_signed_request_passes()
    {
        using var client = new SignedRoute53Client(_emulator);

        var reply = await client.GetAsync("/2013-04-01/hostedzonesbyname?dnsname=example.com&maxitems=5");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_secret_is_SignatureDoesNotMatch()
    {
        using var client = new SignedRoute53Client(_emulator, secret: "wrong-secret");

        var reply = await client.GetAsync("/2013-04-01/hostedzone");

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("SignatureDoesNotMatch", reply.Code);
    }

    [Fact]
    public async Task A_signed_POST_with_a_body_passes()
    {
        using var client = new SignedRoute53Client(_emulator);

        var id = await client.CreateZoneAsync("signed.test.");

        Assert.StartsWith("Z", id, StringComparison.Ordinal);
    }
}
