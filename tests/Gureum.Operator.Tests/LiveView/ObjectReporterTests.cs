using Gureum.Operator.LiveView;
using Xunit;

namespace Gureum.Operator.Tests.LiveView;

public sealed class ObjectReporterTests
{
    private static Dictionary<string, ObjectRow> Rows(params ObjectRow[] rows) => rows.ToDictionary(row => row.Key);

    [Fact]
    public void New_changed_and_deleted_objects_each_give_one_line_unchanged_none()
    {
        var www = new ObjectRow("DnsRecord", "default", "www", "-", "", "");
        var app = new ObjectRow("DnsRecord", "default", "app", "-", "", "");
        var old = new ObjectRow("IamRole", "default", "old", "True", "arn", "");
        var before = Rows(www, app, old);
        var after = Rows(www with { Ready = "True", AwsId = "www.example.com." }, app);

        var lines = ObjectReporter.Changes(before, after);

        Assert.Equal(
        [
            "object DnsRecord default/www Ready=True id=www.example.com.",
            "object IamRole default/old deleted",
        ], lines);
    }

    [Fact]
    public void Nothing_changed_nothing_printed() =>
        Assert.Empty(ObjectReporter.Changes(Rows(new ObjectRow("Rollout", "a", "b", "-", "", "")), Rows(new ObjectRow("Rollout", "a", "b", "-", "", ""))));
}
