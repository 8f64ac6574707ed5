using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Gureum.Local.Aws.Route53;

/// <summary>Route53's REST-XML shapes (2013-04-01), read and written.</summary>
internal static class Route53Xml
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    public static XElement ParseRoot(string body, string expectedRoot)
    {
        XElement root;
        try
        {
            root = XElement.Parse(body);
        }
        catch (XmlException e)
        {
            throw InvalidInput($"Invalid XML ; {e.Message}");
        }
        if (root.Name.LocalName != expectedRoot)
            throw InvalidInput($"Invalid XML ; expected root element {expectedRoot}");
        return root;
    }

    public static AwsErrorException InvalidInput(string message) => new(new AwsError(400, "InvalidInput", message));

    public static XElement? Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Text(XElement parent, string name) => Child(parent, name)?.Value.Trim();

    public static IReadOnlyList<RecordChange> ParseChangeBatch(XElement root, out string? comment)
    {
        var batch = Child(root, "ChangeBatch") ?? throw InvalidInput("Invalid XML ; missing ChangeBatch");
        comment = Text(batch, "Comment");
        var changes = Child(batch, "Changes") ?? throw InvalidInput("Invalid XML ; missing Changes");
        return changes.Elements().Where(e => e.Name.LocalName == "Change").Select(ParseChange).ToList();
    }

    private static RecordChange ParseChange(XElement change)
    {
        var action = Text(change, "Action") switch
        {
            "CREATE" => ChangeAction.Create,
            "DELETE" => ChangeAction.Delete,
            "UPSERT" => ChangeAction.Upsert,
            var other => throw InvalidInput($"Invalid XML ; Value '{other}' is not facet-valid with respect to enumeration '[CREATE, DELETE, UPSERT]'"),
        };
        var set = Child(change, "ResourceRecordSet") ?? throw InvalidInput("Invalid XML ; missing ResourceRecordSet");
        return new RecordChange(action, ParseRecordSet(set));
    }

    private static RecordSet ParseRecordSet(XElement set)
    {
        var alias = Child(set, "AliasTarget") is { } a
            ? new AliasTarget(
                StripPrefix(Text(a, "HostedZoneId") ?? "", "/hostedzone/"),
                DnsNames.Normalize(Text(a, "DNSName") ?? ""),
                ParseBool(Text(a, "EvaluateTargetHealth")) ?? false)
            : null;
        var values = Child(set, "ResourceRecords")?.Elements()
            .Where(e => e.Name.LocalName == "ResourceRecord")
            .Select(r => Text(r, "Value") ?? "")
            .ToList() ?? [];
        return new RecordSet
        {
            Name = DnsNames.Normalize(Text(set, "Name") ?? throw InvalidInput("Invalid XML ; missing Name")),
            Type = Text(set, "Type") ?? throw InvalidInput("Invalid XML ; missing Type"),
            SetIdentifier = Text(set, "SetIdentifier"),
            Weight = ParseLong(Text(set, "Weight"), "Weight"),
            Region = Text(set, "Region"),
            Failover = Text(set, "Failover"),
            MultiValueAnswer = ParseBool(Text(set, "MultiValueAnswer")),
            Ttl = ParseLong(Text(set, "TTL"), "TTL"),
            Values = values,
            AliasTarget = alias,
            HealthCheckId = Text(set, "HealthCheckId"),
        };
    }

    private static long? ParseLong(string? text, string field) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw InvalidInput($"Invalid XML ; '{text}' is not a valid value for {field}");

    private static bool? ParseBool(string? text) => text is null ? null : text.Equals("true", StringComparison.OrdinalIgnoreCase);

    public static string StripPrefix(string id, string prefix) =>
        id.StartsWith(prefix, StringComparison.Ordinal) ? id[prefix.Length..] : id;

    public static XElement RecordSet(RecordSet set) =>
        new(Ns + "ResourceRecordSet",
            new XElement(Ns + "Name", DnsNames.Format(set.Name)),
            new XElement(Ns + "Type", set.Type),
            Optional("SetIdentifier", set.SetIdentifier),
            Optional("Weight", set.Weight),
            Optional("Region", set.Region),
            Optional("Failover", set.Failover),
            Optional("MultiValueAnswer", set.MultiValueAnswer is { } m ? (m ? "true" : "false") : null),
            Optional("TTL", set.Ttl),
            set.AliasTarget is null
                ? new XElement(Ns + "ResourceRecords", set.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v))))
                : null,
            set.AliasTarget is { } alias
                ? new XElement(Ns + "AliasTarget",
                    new XElement(Ns + "HostedZoneId", alias.HostedZoneId),
                    new XElement(Ns + "DNSName", DnsNames.Format(alias.DnsName)),
                    new XElement(Ns + "EvaluateTargetHealth", alias.EvaluateTargetHealth ? "true" : "false"))
                : null,
            Optional("HealthCheckId", set.HealthCheckId));

    public static XElement HostedZone(HostedZone zone, int recordCount) =>
        new(Ns + "HostedZone",
            new XElement(Ns + "Id", "/hostedzone/" + zone.Id),
            new XElement(Ns + "Name", DnsNames.Format(zone.Name)),
            new XElement(Ns + "CallerReference", zone.CallerReference),
            new XElement(Ns + "Config",
                Optional("Comment", zone.Comment),
                new XElement(Ns + "PrivateZone", zone.PrivateZone ? "true" : "false")),
            new XElement(Ns + "ResourceRecordSetCount", recordCount));

    public static XElement DelegationSet(HostedZone zone) =>
        new(Ns + "DelegationSet",
            new XElement(Ns + "NameServers", zone.NameServers.Select(n => new XElement(Ns + "NameServer", n))));

    public static XElement ChangeInfo(ChangeRecord change, string status) =>
        new(Ns + "ChangeInfo",
            new XElement(Ns + "Id", "/change/" + change.Id),
            new XElement(Ns + "Status", status),
            new XElement(Ns + "SubmittedAt", DnsNames.Timestamp(change.SubmittedAt)),
            Optional("Comment", change.Comment));

    public static XElement? Optional(string name, object? value) =>
        value is null ? null : new XElement(Ns + name, value);

    /// <summary>Every Route53 error, InvalidChangeBatch included, is an <c>ErrorResponse</c> in Route53's namespace.</summary>
    public static AwsResponse Error(AwsError error, string requestId) =>
        QueryErrorXml.Write(error, requestId, Ns.NamespaceName);
}

/// <summary>Route53 refuses a batch with one InvalidChangeBatch whose message lists every problem as
/// <c>[message 1, message 2]</c> (what boto3 and the AWS CLI print after "InvalidChangeBatch:").</summary>
internal sealed record InvalidChangeBatchError(IReadOnlyList<string> Messages)
    : AwsError(400, "InvalidChangeBatch", "[" + string.Join(", ", Messages) + "]");
