using Gureum.Local.Aws;
using Xunit;

namespace Gureum.Local.Tests.Aws;

public sealed class SigV4Tests
{
    private const string Header =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    private static SigV4Verifier.SignedRequest GetVanilla(string path = "/") => new(
        "GET", path, "",
        name => name switch { "host" => "example.amazonaws.com", "x-amz-date" => "20150830T123600Z", _ => null },
        []);

    [Fact]
    public void The_credential_scope_is_read_from_the_header()
    {
        var credential = SigV4Authorization.Parse(Header)!;

        Assert.Equal(("AKIDEXAMPLE", "20150830", "us-east-1", "service"),
            (credential.AccessKeyId, credential.Date, credential.Region, credential.Service));
        Assert.Equal(["host", "x-amz-date"], credential.SignedHeaders);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/2015/us-east-1/service/aws4_request, SignedHeaders=host, Signature=ab")]
    public void Anything_but_a_SigV4_header_is_no_credential(string? header) =>
        Assert.Null(SigV4Authorization.Parse(header));

    [Fact]
    public void The_AWS_test_suite_vector_get_vanilla_verifies()
    {
        var credential = SigV4Authorization.Parse(Header)!;

        Assert.True(SigV4Verifier.Verify(credential, GetVanilla(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        Assert.False(SigV4Verifier.Verify(credential, GetVanilla(), "another-secret"));
        Assert.False(SigV4Verifier.Verify(credential, GetVanilla("/other"), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
    }
}
