using Gureum.Local.Aws;
using Gureum.Local.Aws.Iam;
using Xunit;
using static Gureum.Local.Aws.Iam.PolicyDocuments;

namespace Gureum.Local.Tests.Aws;

public sealed class PolicyDocumentsTests
{
    // true: a trust (assume-role) policy; false: an identity policy.
    public static TheoryData<string, bool, string?> Documents => new()
    {
        { """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}""", false, null },
        // IAM reads a document without Version as 2008-10-17.
        { """{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"*"}]}""", false, null },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}""", true, null },
        { "[]", false, "Syntax errors in policy." },
        { """{"Version":"2012-10-17"}""", false, "Syntax errors in policy." },
        { """{"Version":"2012-10-18","Statement":[]}""", false, "The policy failed legacy parsing" },
        { """{"Version":"2012-10-17","Statement":[]}""", false, "Syntax errors in policy." },
        { """{"Version":"2012-10-17","Statement":[{"Action":"s3:*","Resource":"*"}]}""", false, "Missing required field Effect" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}""", false, "Invalid effect: Maybe" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}""", false, "Policy statement must contain actions." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotAction":"s3:Get*","Resource":"*"}]}""", false,
            "Statement can only contain one of Action and NotAction." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}""", false, "Policy statement must contain resources." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}""", false,
            "Policy document should not specify a principal." },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""", true, "Missing required field Principal" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}""",
            true, "Has prohibited field Resource" },
        { """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","s3:GetObject"]}]}""",
            true, "AssumeRole policy may only specify STS AssumeRole actions." },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void IAM_accepts_or_refuses_a_document_with_its_message(string document, bool trust, string? message)
    {
        var error = Record.Exception(() => Validate(document, trust ? Kind.Trust : Kind.Identity));

        if (message is null)
        {
            Assert.Null(error);
            return;
        }
        var refused = Assert.IsType<AwsErrorException>(error);
        Assert.Equal(("MalformedPolicyDocument", 400, message), (refused.Error.Code, refused.Error.StatusCode, refused.Error.Message));
    }

    [Fact]
    public void Documents_go_out_encoded_per_RFC_3986() =>
        Assert.Equal("%7B%22a%22%3A%20%22b%2Bc%22%7D", Encode("""{"a": "b+c"}"""));
}
