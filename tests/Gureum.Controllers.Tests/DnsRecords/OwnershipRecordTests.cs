using Gureum.Api.V1Alpha1;
using Gureum.Controllers.DnsRecords;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class OwnershipRecordTests
{
    [Theory]
    [InlineData("www.example.com.", "example.com.", DnsRecordType.A, "gureum-a-www.example.com.")]
    [InlineData("WWW.Example.com", "example.com", DnsRecordType.CNAME, "gureum-cname-www.example.com.")]
    [InlineData("example.com.", "example.com.", DnsRecordType.MX, "gureum-mx.example.com.")]
    [InlineData("*.example.com.", "example.com.", DnsRecordType.A, "*.gureum-a.example.com.")]
    [InlineData("*.dev.example.com.", "example.com.", DnsRecordType.AAAA, "*.gureum-aaaa-dev.example.com.")]
    [InlineData("a.b.example.com.", "example.com.", DnsRecordType.TXT, "gureum-txt-a.b.example.com.")]
    public void Name_is_derived_from_the_record_name_and_type(string fqdn, string zone, DnsRecordType type, string expected) =>
        Assert.Equal(expected, OwnershipRecord.NameFor(fqdn, zone, type));

    [Fact]
    public void A_and_AAAA_of_one_name_get_different_marks() =>
        Assert.NotEqual(
            OwnershipRecord.NameFor("www.example.com.", "example.com.", DnsRecordType.A),
            OwnershipRecord.NameFor("www.example.com.", "example.com.", DnsRecordType.AAAA));

    [Fact]
    public void Value_round_trips_through_Parse()
    {
        var value = OwnershipRecord.Value("cluster-1", "default/DnsRecord/www");
        Assert.Equal("\"heritage=gureum,gureum.dev/cluster=cluster-1,gureum.dev/owner=default/DnsRecord/www\"", value);
        Assert.Equal(new RecordOwner("cluster-1", "default/DnsRecord/www"), OwnershipRecord.Parse([value]));
    }

    [Theory]
    [InlineData("\"v=spf1 -all\"")]
    [InlineData("\"heritage=external-dns,external-dns/owner=default\"")]
    public void A_TXT_that_is_not_a_Gureum_mark_names_no_owner(string value) =>
        Assert.Null(OwnershipRecord.Parse([value]));

    [Fact]
    public void A_mark_split_into_several_strings_is_still_read() =>
        Assert.Equal(
            new RecordOwner("c2", "ns/DnsRecord/x"),
            OwnershipRecord.Parse(["\"heritage=gureum,gureum.dev/cluster=c2,\" \"gureum.dev/owner=ns/DnsRecord/x\""]));
}
