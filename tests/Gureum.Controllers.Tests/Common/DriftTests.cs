using Gureum.Controllers.Common;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class DriftTests
{
    [Theory]
    // Statement order, key order, string versus one-element list, URL encoding and an omitted default Version are not differences.
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
                """{"Statement":{"Resource":["*"],"Action":["s3:GetObject"],"Effect":"Allow"},"Version":"2012-10-17"}""", true)]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a:B","Resource":"*"},{"Effect":"Deny","Action":"c:D","Resource":"*"}]}""",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"c:D","Resource":"*"},{"Effect":"Allow","Action":"a:B","Resource":"*"}]}""", true)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"a:B","Resource":"*"}]}""",
                """{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"a:B","Resource":"*"}]}""", true)]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
                "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%5B%22ec2.amazonaws.com%22%5D%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D", true)]
    // A widened action or another effect is.
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""", false)]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}]}""", false)]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""", """{"Version":"2008-10-17","Statement":[]}""", false)]
    public void Policy_documents_compare_semantically(string left, string right, bool equivalent)
    {
        Assert.Equal(equivalent, PolicyDocuments.Equivalent(left, right));
        Assert.Equal(equivalent, !Drift.Policy("spec.assumeRolePolicy", left, right).Any());
    }

    [Fact]
    public void Tags_ignore_AWS_s_own_and_name_each_key_that_differs()
    {
        var desired = new Dictionary<string, string> { ["team"] = "web", ["env"] = "prod" };
        var actual = new Dictionary<string, string> { ["team"] = "web", ["env"] = "dev", ["extra"] = "x", ["aws:cloudformation:stack-name"] = "s" };

        var drift = Drift.Tags("spec.tags", desired, actual).ToList();

        Assert.Equal(["spec.tags[env]", "spec.tags[extra]"], drift.Select(d => d.Path));
        Assert.Equal(("prod", "dev"), (drift[0].Desired, drift[0].Actual));
        Assert.Null(drift[1].Desired);
    }

    [Fact]
    public void Sets_ignore_order_and_duplicates_scalars_compare_invariantly()
    {
        Assert.Empty(Drift.Set("spec.subnetIds", ["b", "a", "a"], ["a", "b"]));
        Assert.Single(Drift.Set("spec.subnetIds", ["a"], ["a", "b"]));
        Assert.Empty(Drift.Scalar("spec.ttl", 60L, 60L));
        Assert.Equal("1.5", Assert.Single(Drift.Scalar("spec.x", 1.5, 2.0)).Desired);
        Assert.Equal("true", Assert.Single(Drift.Scalar("spec.flag", true, false)).Desired);
    }

    [Fact]
    public void Ownership_classifies_claims_by_tags()
    {
        var ours = new OwnerClaim("c1", "demo/IamRole/web");

        Assert.Equal(OwnershipKind.Ours, ours.ClassifyTags(ours.Tags).Kind);
        Assert.Equal(OwnershipKind.NotManaged, ours.ClassifyTags(new Dictionary<string, string> { ["team"] = "web" }).Kind);
        var other = ours.ClassifyTags(new Dictionary<string, string> { ["gureum.dev/cluster"] = "c2", ["gureum.dev/owner"] = "demo/IamRole/web" });
        Assert.Equal(OwnershipKind.SomeoneElse, other.Kind);
        Assert.Equal("demo/IamRole/web in cluster c2", other.Owner);
    }
}
