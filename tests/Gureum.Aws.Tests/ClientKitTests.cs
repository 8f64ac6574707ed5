using Amazon.EC2.Model;
using Gureum.Aws.Ec2;
using Gureum.Aws.Errors;
using Gureum.Aws.Paging;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

public sealed class ClientKitTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>
{
    [Fact]
    public async Task Paging_follows_tokens_to_the_last_page_lazily()
    {
        var pages = new Dictionary<string, AwsPage<int>>
        {
            [""] = new([1, 2], "b"),
            ["b"] = new([3], "c"),
            ["c"] = new([], "d"),
            ["d"] = new([4], null),
        };
        var requested = new List<string?>();
        Task<AwsPage<int>> Fetch(string? token, CancellationToken _)
        {
            requested.Add(token);
            return Task.FromResult(pages[token ?? ""]);
        }

        var all = await AwsPaging.ListAllAsync(Fetch, CancellationToken.None);
        requested.Clear();
        await foreach (var first in AwsPaging.AllAsync(Fetch, CancellationToken.None))
            break;

        Assert.Equal([1, 2, 3, 4], all);
        Assert.Equal([null], requested);
    }

    [Fact]
    public async Task A_listing_that_repeats_its_token_is_reported_not_followed_forever()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AwsPaging.ListAllAsync((token, _) => Task.FromResult(new AwsPage<int>([1], "same")), CancellationToken.None));

        Assert.Contains("same", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_token_is_stable_for_one_create_and_fits_EC2s_limit()
    {
        var token = ClientToken.For("uid-1", "3");

        Assert.Equal(token, ClientToken.For("uid-1", "3"));
        Assert.NotEqual(token, ClientToken.For("uid-1", "4"));
        Assert.NotEqual(ClientToken.For("ab", "c"), ClientToken.For("a", "bc"));
        Assert.InRange(token.Length, 1, ClientToken.MaxLength);
        Assert.All(token, c => Assert.True(char.IsAscii(c)));
    }

    [Fact]
    public async Task EC2_SDK_calls_go_through_the_pipeline_and_fail_as_AwsException()
    {
        using var aws = AwsClients.Create(
            AwsSettings.ForEndpoint(fixture.Emulator.Endpoint, fixture.Emulator.Region, fixture.Emulator.AccessKeyId, fixture.Emulator.SecretAccessKey),
            TimeProvider.System);
        var describe = AwsOperation.Read(AwsService.Ec2, "DescribeVpnConnections");

        // The emulator's EC2 has no VPN connections: it refuses the (signed, SDK-built) request as EC2 does an unknown action.
        var error = await Assert.ThrowsAsync<AwsException>(() =>
            aws.Ec2.CallAsync(describe, (ec2, token) => ec2.DescribeVpnConnectionsAsync(new DescribeVpnConnectionsRequest(), token), CancellationToken.None));
        var wrongService = Record.Exception(() =>
            { _ = aws.Ec2.CallAsync(AwsOperation.Read(AwsService.Iam, "GetRole"), (ec2, token) => Task.FromResult(1), CancellationToken.None); });

        Assert.Equal(("InvalidAction", AwsErrorKind.Invalid), (error.Code, error.Kind));
        Assert.Equal(1, aws.Pipeline.Attempts(AwsService.Ec2, "DescribeVpnConnections"));
        Assert.Contains("not an EC2 operation", Assert.IsType<ArgumentException>(wrongService).Message, StringComparison.Ordinal);
    }
}
