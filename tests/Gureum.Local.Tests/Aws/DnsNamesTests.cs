using Gureum.Local.Aws.Route53;
using Xunit;

namespace Gureum.Local.Tests.Aws;

public sealed class DnsNamesTests
{
    [Theory]
    [InlineData("WWW.Example.COM", "www.example.com.")]
    [InlineData("www.example.com.", "www.example.com.")]
    [InlineData("\\052.example.com", "*.example.com.")]
    [InlineData(" a.example.com ", "a.example.com.")]
    public void Normalize_lowercases_decodes_escapes_and_adds_the_trailing_dot(string input, string expected) =>
        Assert.Equal(expected, DnsNames.Normalize(input));

    [Theory]
    [InlineData("*.example.com.", "\\052.example.com.")]
    [InlineData("_dmarc.example.com.", "_dmarc.example.com.")]
    [InlineData("a b.example.com.", "a\\040b.example.com.")]
    public void Format_escapes_what_Route53_escapes(string canonical, string expected) =>
        Assert.Equal(expected, DnsNames.Format(canonical));

    [Theory]
    [InlineData("example.com.", "www.example.com.")]
    [InlineData("www.example.com.", "example.org.")]
    [InlineData("a-.example.com.", "a.example.com.")] // '-' (45) sorts before the trailing '.' (46)
    [InlineData("\\052.example.com.", "a.example.com.")] // escaped wildcard '\' (92) sorts before letters
    [InlineData("z.a.example.com.", "b.example.com.")]
    public void CompareReversed_orders_as_Route53_lists(string first, string second)
    {
        var a = DnsNames.Normalize(first);
        var b = DnsNames.Normalize(second);
        Assert.True(DnsNames.CompareReversed(a, b) < 0, $"{first} should sort before {second}");
        Assert.True(DnsNames.CompareReversed(b, a) > 0);
    }

    [Theory]
    [InlineData("a..example.com.", "DomainLabelEmpty")]
    [InlineData("x.example.com.", null)]
    public void Problem_names_the_FATAL_problem(string name, string? code)
    {
        var problem = DnsNames.Problem(name);
        if (code is null)
            Assert.Null(problem);
        else
            Assert.Contains(code, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_longer_than_63_is_refused() =>
        Assert.Contains("DomainLabelTooLong", DnsNames.Problem(new string('a', 64) + ".example.com."), StringComparison.Ordinal);
}
