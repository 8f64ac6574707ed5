using Gureum.Aws.Http;

namespace Gureum.Aws.Tests;

public sealed class QueryRequestTests
{
    [Fact]
    public void Action_and_version_come_first_then_parameters_in_order()
    {
        var body = new QueryRequest("GetRole", "2010-05-08").Add("RoleName", "web").Add("MaxItems", 5).Add("Skipped", (string?)null).Encode();
        Assert.Equal("Action=GetRole&Version=2010-05-08&RoleName=web&MaxItems=5", body);
    }

    [Fact]
    public void Lists_are_members_numbered_from_one()
    {
        var body = new QueryRequest("DescribeTargetGroups", "2015-12-01").AddList("Names", ["a", "b"]).Encode();
        Assert.Equal("Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=a&Names.member.2=b", body);
    }

    [Fact]
    public void An_empty_list_is_left_out_unless_asked_to_send_it()
    {
        Assert.Equal("Action=A&Version=1", new QueryRequest("A", "1").AddList("X", []).Encode());
        Assert.Equal("Action=A&Version=1&X=", new QueryRequest("A", "1").AddList("X", [], sendEmpty: true).Encode());
    }

    [Fact]
    public void Structure_lists_prefix_each_field()
    {
        var tags = new[] { ("team", "web"), ("env", "prod") };
        var body = new QueryRequest("TagRole", "2010-05-08").AddStructList("Tags", tags, (q, prefix, t) => q.Add(prefix + "Key", t.Item1).Add(prefix + "Value", t.Item2)).Encode();
        Assert.Equal("Action=TagRole&Version=2010-05-08&Tags.member.1.Key=team&Tags.member.1.Value=web&Tags.member.2.Key=env&Tags.member.2.Value=prod", body);
    }

    [Fact]
    public void Maps_are_entries_with_key_and_value_sorted_by_key()
    {
        var body = new QueryRequest("A", "1").AddMap("Attributes", new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" }).Encode();
        Assert.Equal("Action=A&Version=1&Attributes.entry.1.key=a&Attributes.entry.1.value=2&Attributes.entry.2.key=z&Attributes.entry.2.value=1", body);
    }

    [Fact]
    public void Values_are_percent_encoded_per_rfc_3986()
    {
        var body = new QueryRequest("A", "1").Add("Doc", "{\"a\": \"b/c+d~e*\"}").Encode();
        Assert.Equal("Action=A&Version=1&Doc=%7B%22a%22%3A%20%22b%2Fc%2Bd~e%2A%22%7D", body);
    }
}

public sealed class QueryPagingTests
{
    [Theory]
    [InlineData("<R><IsTruncated>true</IsTruncated><Marker>m2</Marker></R>", "m2")]
    [InlineData("<R><IsTruncated>false</IsTruncated><Marker>ignored</Marker></R>", null)]
    [InlineData("<R><NextMarker>elb-2</NextMarker></R>", "elb-2")]
    [InlineData("<R/>", null)]
    public void Marker_styles_name_the_next_page(string xml, string? next) =>
        Assert.Equal(next, Http.QueryPaging.NextMarker(System.Xml.Linq.XElement.Parse(xml)));

    [Theory]
    [InlineData("<R><NextToken>t2</NextToken></R>", "t2")]
    [InlineData("<R><NextToken></NextToken></R>", null)]
    [InlineData("<R/>", null)]
    public void NextToken_is_absent_or_empty_on_the_last_page(string xml, string? next) =>
        Assert.Equal(next, Http.QueryPaging.NextToken(System.Xml.Linq.XElement.Parse(xml)));
}
