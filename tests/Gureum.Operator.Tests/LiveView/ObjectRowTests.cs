using System.Text.Json.Nodes;
using Gureum.Api.V1Alpha1;
using Gureum.Operator.LiveView;
using Xunit;

namespace Gureum.Operator.Tests.LiveView;

public sealed class ObjectRowTests
{
    [Fact]
    public void Ready_message_and_aws_id_come_from_status()
    {
        var json = JsonNode.Parse("""
            {"apiVersion":"gureum.dev/v1alpha1","kind":"DnsRecord",
             "metadata":{"name":"www","namespace":"default"},
             "spec":{"zone":{"name":"example.com"},"name":"www","type":"A"},
             "status":{"fqdn":"www.example.com.","conditions":[
               {"type":"Reconciling","status":"False"},
               {"type":"Ready","status":"True","reason":"InSync","message":"Record is in sync"}]}}
            """)!;
        var row = ObjectRow.From(DnsRecord.Definition, json);
        Assert.Equal(new ObjectRow("DnsRecord", "default", "www", "True", "www.example.com.", "Record is in sync"), row);
        Assert.Equal("DnsRecord default/www Ready=True id=www.example.com. message=\"Record is in sync\"", row.ToLogLine());
    }

    [Fact]
    public void Without_status_the_row_says_so()
    {
        var json = JsonNode.Parse("""{"metadata":{"name":"web","namespace":"team-a"},"spec":{}}""")!;
        var row = ObjectRow.From(IamRole.Definition, json);
        Assert.Equal(new ObjectRow("IamRole", "team-a", "web", "-", "", ""), row);
        Assert.Equal("IamRole team-a/web Ready=-", row.ToLogLine());
    }

    [Fact]
    public void Reason_stands_in_for_a_missing_message_and_deletion_is_shown()
    {
        var json = JsonNode.Parse("""
            {"metadata":{"name":"web","namespace":"default","deletionTimestamp":"2026-01-01T00:00:00Z"},
             "status":{"arn":"arn:aws:iam::000000000000:role/default-web",
                       "conditions":[{"type":"Ready","status":"False","reason":"Deleting"}]}}
            """)!;
        var row = ObjectRow.From(IamRole.Definition, json);
        Assert.Equal("False", row.Ready);
        Assert.Equal("arn:aws:iam::000000000000:role/default-web", row.AwsId);
        Assert.Equal("deleting: Deleting", row.Message);
    }

    [Fact]
    public void A_typed_object_is_read_through_its_json()
    {
        var record = new DnsRecord
        {
            Metadata = new() { Name = "mail", NamespaceProperty = "default" },
            Spec = new DnsRecordSpec { Zone = new() { Name = "example.com" }, Name = "mail", Type = DnsRecordType.MX },
            Status = new DnsRecordStatus
            {
                Fqdn = "mail.example.com.",
                Conditions = [new Condition { Type = "Ready", Status = ConditionStatus.False, Message = "waiting" }],
            },
        };
        Assert.Equal(new ObjectRow("DnsRecord", "default", "mail", "False", "mail.example.com.", "waiting"), ObjectRow.From(DnsRecord.Definition, record));
    }
}
