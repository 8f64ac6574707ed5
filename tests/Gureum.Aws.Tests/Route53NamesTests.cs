using Gureum.Aws.Route53;

namespace Gureum.Aws.Tests;

public sealed class Route53NamesTests
{
    [Theory]
    [InlineData("example.com", "example.com.")]
    [InlineData("Example.COM.", "example.com.")]
    [InlineData("\\052.example.com.", "*.example.com.")]
    [InlineData("a\\100b.example.com.", "a@b.example.com.")]
    [InlineData("a\\9.example.com", "a\\9.example.com.")]
    public void Names_are_lower_case_with_the_trailing_dot_and_escapes_decoded(string name, string expected) =>
        Assert.Equal(expected, Route53Names.Normalize(name));

    [Theory]
    [InlineData("/hostedzone/Z123", "Z123")]
    [InlineData("Z123", "Z123")]
    [InlineData("/change/C9", "C9")]
    public void Ids_are_bare(string id, string expected) => Assert.Equal(expected, Route53Names.BareId(id));
}
