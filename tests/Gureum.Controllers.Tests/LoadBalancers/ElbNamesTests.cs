using System.Text.RegularExpressions;
using Gureum.Controllers.LoadBalancers;
using Xunit;

namespace Gureum.Controllers.Tests.LoadBalancers;

public sealed partial class ElbNamesTests
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex AwsName();

    [Theory]
    [InlineData("demo", "web")]
    [InlineData("a-very-long-namespace-name-indeed", "and-an-even-longer-object-name.with.dots")]
    [InlineData("internal", "api")]
    [InlineData("x", "-")]
    public void Names_fit_ELBv2_rules(string ns, string name)
    {
        var derived = ElbNames.For(ns, name);

        Assert.Matches(AwsName(), derived);
        Assert.InRange(derived.Length, 1, ElbNames.MaxLength);
        Assert.False(derived.StartsWith("internal-", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_are_stable_and_namespaces_never_collide()
    {
        Assert.Equal(ElbNames.For("demo", "web"), ElbNames.For("demo", "web"));
        Assert.NotEqual(ElbNames.For("demo-web", "x"), ElbNames.For("demo", "web-x"));
        Assert.NotEqual(
            ElbNames.For("team-a-very-long-namespace", "web-frontend-1"),
            ElbNames.For("team-a-very-long-namespace", "web-frontend-2"));
        Assert.StartsWith("demo-web-", ElbNames.For("demo", "web"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_replacement_target_group_name_is_stable_fits_the_rules_and_differs_from_the_own_name_and_other_variants()
    {
        var replacement = ElbNames.Replacement("demo", "web", "HTTP:9090:instance");

        Assert.Equal(replacement, ElbNames.Replacement("demo", "web", "HTTP:9090:instance"));
        Assert.Matches(AwsName(), replacement);
        Assert.NotEqual(ElbNames.For("demo", "web"), replacement);
        Assert.NotEqual(ElbNames.Replacement("demo", "web", "HTTP:8080:instance"), replacement);
        Assert.StartsWith("demo-web-", replacement, StringComparison.Ordinal);
    }
}
