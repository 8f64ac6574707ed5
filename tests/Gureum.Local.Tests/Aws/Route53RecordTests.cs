using System.Net;
using System.Xml.Linq;
using Gureum.Testing;
using Xunit;
using static Gureum.Local.Tests.Aws.SignedRoute53Client;

namespace Gureum.Local.Tests.Aws;

public sealed class Route53RecordTests(AwsEmulatorFixture fixture) : IClassFixture<AwsEmulatorFixture>, IDisposable
{
    private readonly SignedRoute53Client _client = new(fixture.Emulator);

    public void Dispose() => _client.Dispose();

    private async Task<string> NewZoneAsync() => await _client.CreateZoneAsync("example.com");

    private static string Name(XElement set) => set.Element(Ns + "Name")!.Value;

    private static string Type(XElement set) => set.Element(Ns + "Type")!.Value;

    private static string[] Values(XElement set) => set.Descendants(Ns + "Value").Select(v => v.Value).ToArray();

    [Fact]
    public async Task Create_upsert_and_delete_a_record()
    {
        var zone = await NewZoneAsync();

        var created = await _client.ChangeAsync(zone, Change("CREATE", Record("WWW.Example.com", "A", 300, "192.0.2.1")));
        await _client.ChangeAsync(zone, Change("UPSERT", Record("www.example.com.", "A", 60, "192.0.2.2", "192.0.2.3")));
        var afterUpsert = (await _client.ListAllAsync(zone)).Single(r => Type(r) == "A");
        await _client.ChangeAsync(zone, Change("DELETE", Record("www.example.com.", "A", 60, "192.0.2.2", "192.0.2.3")));
        var afterDelete = await _client.ListAllAsync(zone);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.StartsWith("/change/C", created.Value("Id"), StringComparison.Ordinal);
        Assert.Equal("www.example.com.", Name(afterUpsert));
        Assert.Equal("60", afterUpsert.Element(Ns + "TTL")!.Value);
        Assert.Equal(["192.0.2.2", "192.0.2.3"], Values(afterUpsert));
        Assert.DoesNotContain(afterDelete, r => Type(r) == "A");
    }

    public static TheoryData<XElement[], string> InvalidChangeBatches => new()
    {
        {
            [Change("CREATE", Record("dup.example.com", "A", 60, "192.0.2.1")), Change("CREATE", Record("dup.example.com", "A", 60, "192.0.2.2"))],
            "Tried to create resource record set [name='dup.example.com.', type='A'] but it already exists"
        },
        {
            [Change("DELETE", Record("missing.example.com", "A", 60, "192.0.2.1"))],
            "Tried to delete resource record set [name='missing.example.com.', type='A'] but it was not found"
        },
        {
            [Change("CREATE", Record("diff.example.com", "A", 60, "192.0.2.1")), Change("DELETE", Record("diff.example.com", "A", 60, "192.0.2.9"))],
            "Tried to delete resource record set [name='diff.example.com.', type='A'] but the values provided do not match the current values"
        },
        {
            [Change("CREATE", Record("both.example.com", "A", 60, "192.0.2.1")), Change("CREATE", Record("both.example.com", "CNAME", 60, "other.example.net"))],
            "RRSet of type CNAME with DNS name both.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com."
        },
        {
            [Change("CREATE", Record("alias.example.com", "CNAME", 60, "x.example.net")), Change("CREATE", Record("alias.example.com", "TXT", 60, "\"t\""))],
            "RRSet of type TXT with DNS name alias.example.com. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.com."
        },
        {
            [Change("CREATE", Record("www.other.org", "A", 60, "192.0.2.1"))],
            "RRSet with DNS name www.other.org. is not permitted in zone example.com."
        },
        {
            [Change("CREATE", Record("bad.example.com", "A", 60, "192.0.2"))],
            "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '192.0.2''"
        },
        {
            [Change("CREATE", Record("txt.example.com", "TXT", 60, "unquoted"))],
            "Invalid Resource Record: 'FATAL problem: InvalidCharacterString (Value should be enclosed in quotation marks) encountered with 'unquoted''"
        },
        {
            [Change("CREATE", Record("a..example.com", "A", 60, "192.0.2.1"))],
            "FATAL problem: DomainLabelEmpty (Domain label is empty) encountered with 'a..example.com.'"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidChangeBatches))]
    public async Task An_invalid_batch_is_refused_whole_with_Route53s_message(XElement[] changes, string message)
    {
        var zone = await NewZoneAsync();
        var before = await _client.ListAllAsync(zone);

        var reply = await _client.ChangeAsync(zone, changes);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        // Route53's shape, which boto3 and the AWS CLI read: ErrorResponse, code InvalidChangeBatch, "[messages]".
        Assert.Equal(("ErrorResponse", "InvalidChangeBatch"), (reply.Body.Name.LocalName, reply.Code));
        Assert.Equal("Sender", reply.Value("Type"));
        Assert.Equal($"[{message}]", reply.Message);
        Assert.Equal(before.Count, (await _client.ListAllAsync(zone)).Count);
    }

    public static TheoryData<XElement, string> InvalidInputs => new()
    {
        { Record("ttl.example.com", "A", -1, "192.0.2.1"), "Member must have value greater than or equal to 0" },
        { Record("ttl.example.com", "A", 2147483648, "192.0.2.1"), "Member must have value less than or equal to 2147483647" },
        { Record("novalues.example.com", "A", 60), "but found [TTL]" },
        { Weighted("w.example.com", "A", "one", 256, 60, "192.0.2.1"), "Member must have value less than or equal to 255" },
        { AliasWithTtl(), "but found more than one" },
        { Record("type.example.com", "BOGUS", 60, "x"), "unknown record type" },
    };

    private static XElement AliasWithTtl()
    {
        var alias = Alias("al.example.com", "A", "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net");
        alias.Element(Ns + "Type")!.AddAfterSelf(new XElement(Ns + "TTL", 60));
        return alias;
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task A_malformed_change_is_InvalidInput(XElement recordSet, string messagePart)
    {
        var zone = await NewZoneAsync();

        var reply = await _client.ChangeAsync(zone, Change("CREATE", recordSet));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("InvalidInput", reply.Code);
        Assert.Contains(messagePart, reply.Messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_1000_records_in_a_batch_is_InvalidInput_and_UPSERT_counts_twice()
    {
        var zone = await NewZoneAsync();
        var upserts = Enumerable.Range(0, 501)
            .Select(i => Change("UPSERT", Record($"r{i}.example.com", "A", 60, "192.0.2.1"))).ToArray();

        var tooMany = await _client.ChangeAsync(zone, upserts);
        var justEnough = await _client.ChangeAsync(zone, upserts[..500]);

        Assert.Equal("InvalidInput", tooMany.Code);
        Assert.Equal(HttpStatusCode.OK, justEnough.Status);
    }

    [Fact]
    public async Task More_than_32000_value_characters_is_InvalidInput()
    {
        var zone = await NewZoneAsync();
        var longText = "\"" + new string('x', 250) + "\"";
        var changes = Enumerable.Range(0, 130)
            .Select(i => Change("CREATE", Record($"t{i}.example.com", "TXT", 60, longText))).ToArray();

        var reply = await _client.ChangeAsync(zone, changes);

        Assert.Equal("InvalidInput", reply.Code);
        Assert.Contains("32000", reply.Messages.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_then_create_in_one_batch_replaces_a_record()
    {
        var zone = await NewZoneAsync();
        await _client.ChangeAsync(zone, Change("CREATE", Record("swap.example.com", "A", 60, "192.0.2.1")));

        var reply = await _client.ChangeAsync(zone,
            Change("DELETE", Record("swap.example.com", "A", 60, "192.0.2.1")),
            Change("CREATE", Record("swap.example.com", "CNAME", 60, "target.example.net")));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var swapped = (await _client.ListAllAsync(zone)).Single(r => Name(r) == "swap.example.com.");
        Assert.Equal("CNAME", Type(swapped));
    }

    [Fact]
    public async Task Alias_records_have_a_target_and_no_TTL()
    {
        var zone = await NewZoneAsync();

        var reply = await _client.ChangeAsync(zone, Change("CREATE",
            Alias("example.com", "A", "Z35SXDOTRQ7X7K", "My-LB-123.us-east-1.elb.amazonaws.com")));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var alias = (await _client.ListAllAsync(zone)).Single(r => Type(r) == "A");
        Assert.Null(alias.Element(Ns + "TTL"));
        Assert.Equal("Z35SXDOTRQ7X7K", alias.Descendants(Ns + "HostedZoneId").Single().Value);
        Assert.Equal("my-lb-123.us-east-1.elb.amazonaws.com.", alias.Descendants(Ns + "DNSName").Single().Value);
    }

    [Fact]
    public async Task Weighted_records_share_a_name_by_set_identifier_and_do_not_mix_with_simple_ones()
    {
        var zone = await NewZoneAsync();

        var weighted = await _client.ChangeAsync(zone,
            Change("CREATE", Weighted("w.example.com", "A", "blue", 90, 60, "192.0.2.1")),
            Change("CREATE", Weighted("w.example.com", "A", "green", 10, 60, "192.0.2.2")));
        var simple = await _client.ChangeAsync(zone, Change("CREATE", Record("w.example.com", "A", 60, "192.0.2.3")));
        var deleteWrongWeight = await _client.ChangeAsync(zone, Change("DELETE", Weighted("w.example.com", "A", "blue", 50, 60, "192.0.2.1")));

        Assert.Equal(HttpStatusCode.OK, weighted.Status);
        var sets = (await _client.ListAllAsync(zone)).Where(r => Name(r) == "w.example.com.").ToList();
        Assert.Equal(["blue", "green"], sets.Select(s => s.Element(Ns + "SetIdentifier")!.Value));
        Assert.Equal(["90", "10"], sets.Select(s => s.Element(Ns + "Weight")!.Value));
        Assert.Equal("InvalidChangeBatch", simple.Code);
        Assert.Equal(
            "[Tried to delete resource record set [name='w.example.com.', type='A', set-identifier='blue'] but the values provided do not match the current values]",
            deleteWrongWeight.Message);
    }

    [Fact]
    public async Task A_wildcard_is_returned_as_octal_escape()
    {
        var zone = await NewZoneAsync();

        await _client.ChangeAsync(zone, Change("CREATE", Record("*.example.com", "A", 60, "192.0.2.1")));
        var again = await _client.ChangeAsync(zone, Change("CREATE", Record("\\052.example.com", "A", 60, "192.0.2.1")));

        Assert.Contains(await _client.ListAllAsync(zone), r => Name(r) == "\\052.example.com.");
        Assert.Equal("[Tried to create resource record set [name='\\052.example.com.', type='A'] but it already exists]", again.Message);
    }

    [Fact]
    public async Task A_700_record_zone_lists_in_Route53_order_across_pages()
    {
        var zone = await NewZoneAsync();
        var names = Enumerable.Range(0, 350).SelectMany(i => new[] { $"h{i}.example.com", $"x.h{i}.example.com" }).ToList();
        var changes = names.Select(n => Change("CREATE", Record(n, "A", 60, "192.0.2.1")))
            .Concat(names.Take(4).Select(n => Change("CREATE", Record(n, "TXT", 60, "\"t\""))))
            .ToArray();
        Assert.Equal(HttpStatusCode.OK, (await _client.ChangeAsync(zone, changes[..500])).Status);
        Assert.Equal(HttpStatusCode.OK, (await _client.ChangeAsync(zone, changes[500..])).Status);

        var pagedDefault = await _client.ListAllAsync(zone);
        var pagedSmall = await _client.ListAllAsync(zone, pageSize: 7);
        var firstPage = await _client.GetAsync($"/2013-04-01/hostedzone/{zone}/rrset?maxitems=1000");

        var keys = pagedDefault.Select(r => (Name(r), Type(r))).ToList();
        var expected = keys.OrderBy(k => string.Join('.', k.Item1.TrimEnd('.').Split('.').Reverse()) + ".", StringComparer.Ordinal)
            .ThenBy(k => k.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(706, keys.Count);
        Assert.Equal(expected, keys);
        Assert.Equal(keys, pagedSmall.Select(r => (Name(r), Type(r))));
        Assert.Equal(("example.com.", "NS"), keys[0]);
        Assert.Equal("300", firstPage.Value("MaxItems"));
        Assert.Equal(300, firstPage.Body.Descendants(Ns + "ResourceRecordSet").Count());
    }

    [Fact]
    public async Task Listing_starts_at_the_given_name_and_type()
    {
        var zone = await NewZoneAsync();
        await _client.ChangeAsync(zone,
            Change("CREATE", Record("a.example.com", "A", 60, "192.0.2.1")),
            Change("CREATE", Record("a.example.com", "TXT", 60, "\"x\"")),
            Change("CREATE", Record("b.example.com", "A", 60, "192.0.2.1")));

        var reply = await _client.GetAsync($"/2013-04-01/hostedzone/{zone}/rrset?name=a.example.com&type=TXT&maxitems=1");

        var set = reply.Body.Descendants(Ns + "ResourceRecordSet").Single();
        Assert.Equal(("a.example.com.", "TXT"), (Name(set), Type(set)));
        Assert.Equal("b.example.com.", reply.Value("NextRecordName"));
        Assert.Equal("A", reply.Value("NextRecordType"));
    }

    [Fact]
    public async Task Concurrent_batches_are_each_applied_whole()
    {
        var zone = await NewZoneAsync();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _client.ChangeAsync(zone,
            Change("CREATE", Record($"c{i}.example.com", "A", 60, "192.0.2.1")),
            Change("CREATE", Record($"c{i}.example.com", "TXT", 60, "\"owner\"")))));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal(2 + 40, (await _client.ListAllAsync(zone)).Count);
    }
}
