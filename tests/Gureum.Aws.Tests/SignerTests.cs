using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Gureum.Aws.Endpoints;

namespace Gureum.Aws.Tests;

public sealed class SignerTests
{
    // AWS SigV4 test suite, get-vanilla: GET / on example.amazonaws.com, x-amz-date 20150830T123600Z.
    [Fact]
    public void Sdk_signer_reproduces_the_get_vanilla_vector()
    {
        const string canonicalRequest =
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var signedAt = DateTime.ParseExact("20150830T123600Z", "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        var result = AWS4Signer.ComputeSignature(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", signedAt, "service",
            "host;x-amz-date", canonicalRequest);

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", result.Signature);
    }

    [Fact]
    public async Task Requests_are_signed_for_the_service_and_its_signing_region()
    {
        var capture = new CapturingHandler();
        var settings = AwsSettings.ForEndpoint(new Uri("http://127.0.0.1:1/"), "eu-west-1", "AKIDEXAMPLE", "secret");
        using var clients = AwsClients.Create(settings, TimeProvider.System, transport: capture);

        await Assert.ThrowsAnyAsync<Exception>(() => clients.Route53.GetChangeAsync("C1", CancellationToken.None));
        await Assert.ThrowsAnyAsync<Exception>(() => clients.Sts.GetCallerIdentityAsync(CancellationToken.None));

        Assert.Contains("/eu-west-1/route53/aws4_request", capture.Authorizations[0], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/sts/aws4_request", capture.Authorizations[^1], StringComparison.Ordinal);
        Assert.Contains("content-type", capture.Authorizations[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Route53_on_real_aws_is_signed_for_us_east_1_whatever_the_region()
    {
        var endpoint = EndpointResolver.Resolve(AwsService.Route53, "ap-northeast-2", new Dictionary<string, string?>());
        Assert.Equal(new AwsEndpoint(new Uri("https://route53.amazonaws.com/"), "us-east-1"), endpoint);
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<string> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : "");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("<ErrorResponse><Error><Code>InvalidInput</Code><Message>no</Message></Error></ErrorResponse>"),
            });
        }
    }
}
