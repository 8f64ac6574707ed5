using Gureum.Operator.LiveView;
using k8s.Models;
using Xunit;

namespace Gureum.Operator.Tests.LiveView;

public sealed class LatestEventTests
{
    private static Corev1Event Event(string kind, string name, string reason, int minute, string apiVersion = "gureum.dev/v1alpha1", string type = "Normal") => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{name}.{reason}", NamespaceProperty = "default" },
        InvolvedObject = new V1ObjectReference { ApiVersion = apiVersion, Kind = kind, Name = name, NamespaceProperty = "default" },
        Reason = reason,
        Message = reason + " happened",
        Type = type,
        LastTimestamp = new DateTime(2026, 1, 1, 0, minute, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void The_newest_event_per_gureum_object_wins_and_other_kinds_are_ignored()
    {
        var newest = LatestEvent.Newest(
        [
            Event("DnsRecord", "www", "Created", 1),
            Event("DnsRecord", "www", "DriftCorrected", 5),
            Event("DnsRecord", "www", "Updated", 3),
            Event("IamRole", "web", "Failed", 2, type: "Warning"),
            Event("Pod", "web", "Scheduled", 9, apiVersion: "v1"),
        ]);
        Assert.Equal(["DnsRecord default/www", "IamRole default/web"], newest.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("DriftCorrected: DriftCorrected happened", newest["DnsRecord default/www"].Text);
        Assert.Equal("Warning", newest["IamRole default/web"].Type);
    }

    [Fact]
    public void Plain_mode_prints_each_event_once()
    {
        var first = LatestEvent.Newest([Event("DnsRecord", "www", "Created", 1)]);
        var second = LatestEvent.Newest([Event("DnsRecord", "www", "Created", 1), Event("DnsRecord", "www", "DriftCorrected", 2)]);
        Assert.Equal(["event DnsRecord default/www Normal Created: Created happened"], ObjectReporter.NewEvents(new Dictionary<string, LatestEvent>(), first));
        Assert.Empty(ObjectReporter.NewEvents(first, first));
        Assert.Equal(["event DnsRecord default/www Normal DriftCorrected: DriftCorrected happened"], ObjectReporter.NewEvents(first, second));
    }
}
