using System.Globalization;
using System.Xml.Linq;
using Gureum.Aws.Http;

namespace Gureum.Aws.Route53;

/// <summary>Route53 over REST-XML (2013-04-01).</summary>
internal sealed class Route53Client(AwsServiceChannel channel) : IRoute53Client
{
    public const int MaxRecordSetPageSize = 300;
    public const int MaxZonePageSize = 100;
    private const string Api = "2013-04-01";
    private static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    public async Task<HostedZonePage> ListHostedZonesByNameAsync(string? dnsName, string? hostedZoneId, int maxItems, CancellationToken cancellationToken)
    {
        var query = Query(
            ("dnsname", dnsName),
            ("hostedzoneid", hostedZoneId is null ? null : Route53Names.BareId(hostedZoneId)),
            ("maxitems", Clamp(maxItems, MaxZonePageSize)));
        var root = await channel.RestXmlAsync(Route53Operations.ListHostedZonesByName, HttpMethod.Get, $"{Api}/hostedzonesbyname{query}", null, cancellationToken);
        var truncated = root.Bool("IsTruncated");
        return new HostedZonePage(
            root.Items("HostedZones", "HostedZone").Select(ParseZone).ToList(),
            truncated,
            truncated ? root.Text("NextDNSName") : null,
            truncated ? root.Text("NextHostedZoneId") : null);
    }

    public async Task<IReadOnlyList<HostedZone>> FindHostedZonesAsync(string zoneName, CancellationToken cancellationToken)
    {
        var wanted = Route53Names.Normalize(zoneName);
        var found = new List<HostedZone>();
        string? nextName = wanted;
        string? nextId = null;
        while (true)
        {
            var page = await ListHostedZonesByNameAsync(nextName, nextId, MaxZonePageSize, cancellationToken);
            found.AddRange(page.Zones.Where(z => z.Name == wanted));
            // Zones come in name order: once a page ends past the wanted name there is nothing more.
            if (!page.IsTruncated || page.Zones.Any(z => z.Name != wanted) || page.NextDnsName is null)
                return found;
            (nextName, nextId) = (page.NextDnsName, page.NextHostedZoneId);
        }
    }

    public async Task<HostedZoneDetails> GetHostedZoneAsync(string hostedZoneId, CancellationToken cancellationToken)
    {
        var root = await channel.RestXmlAsync(Route53Operations.GetHostedZone, HttpMethod.Get, $"{Api}/hostedzone/{Escape(Route53Names.BareId(hostedZoneId))}", null, cancellationToken);
        var zone = ParseZone(root.Child("HostedZone") ?? throw new FormatException("GetHostedZone returned no <HostedZone>."));
        var nameServers = root.Child("DelegationSet")?.Items("NameServers", "NameServer").Select(n => n.Value).ToList() ?? [];
        return new HostedZoneDetails(zone, nameServers);
    }

    public async Task<ResourceRecordSetPage> ListResourceRecordSetsAsync(string hostedZoneId, RecordSetCursor? start, int maxItems, CancellationToken cancellationToken)
    {
        var query = Query(
            ("name", start?.Name),
            ("type", start?.Type),
            ("identifier", start?.SetIdentifier),
            ("maxitems", Clamp(maxItems, MaxRecordSetPageSize)));
        var root = await channel.RestXmlAsync(Route53Operations.ListResourceRecordSets, HttpMethod.Get,
            $"{Api}/hostedzone/{Escape(Route53Names.BareId(hostedZoneId))}/rrset{query}", null, cancellationToken);
        var sets = root.Items("ResourceRecordSets", "ResourceRecordSet").Select(ParseRecordSet).ToList();
        var next = root.Bool("IsTruncated") && root.Text("NextRecordName") is { } nextName
            ? new RecordSetCursor(nextName, root.Text("NextRecordType"), root.Text("NextRecordIdentifier"))
            : null;
        return new ResourceRecordSetPage(sets, next);
    }

    public async Task<IReadOnlyList<ResourceRecordSet>> ListAllResourceRecordSetsAsync(string hostedZoneId, CancellationToken cancellationToken)
    {
        var all = new List<ResourceRecordSet>();
        RecordSetCursor? cursor = null;
        do
        {
            var page = await ListResourceRecordSetsAsync(hostedZoneId, cursor, MaxRecordSetPageSize, cancellationToken);
            all.AddRange(page.RecordSets);
            cursor = page.Next;
        }
        while (cursor is not null);
        return all;
    }

    public async Task<ChangeInfo> ChangeResourceRecordSetsAsync(string hostedZoneId, IReadOnlyList<RecordChange> changes, string? comment, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
            throw new ArgumentException("A change batch needs at least one change.", nameof(changes));
        var batch = new XElement(Ns + "ChangeBatch");
        if (comment is not null) batch.Add(new XElement(Ns + "Comment", comment));
        batch.Add(new XElement(Ns + "Changes", changes.Select(c => new XElement(Ns + "Change",
            new XElement(Ns + "Action", c.Action.ToString().ToUpperInvariant()),
            RecordSetXml(c.RecordSet)))));
        var body = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(Ns + "ChangeResourceRecordSetsRequest", batch));
        var root = await channel.RestXmlAsync(Route53Operations.ChangeResourceRecordSets, HttpMethod.Post,
            $"{Api}/hostedzone/{Escape(Route53Names.BareId(hostedZoneId))}/rrset/", body, cancellationToken);
        return ParseChange(root);
    }

    public async Task<ChangeInfo> GetChangeAsync(string changeId, CancellationToken cancellationToken)
    {
        var root = await channel.RestXmlAsync(Route53Operations.GetChange, HttpMethod.Get, $"{Api}/change/{Escape(Route53Names.BareId(changeId))}", null, cancellationToken);
        return ParseChange(root);
    }

    // Element order follows Route53's schema sequence, which Route53 enforces.
    internal static XElement RecordSetXml(ResourceRecordSet set)
    {
        var element = new XElement(Ns + "ResourceRecordSet",
            new XElement(Ns + "Name", set.Name),
            new XElement(Ns + "Type", set.Type));
        if (set.SetIdentifier is not null) element.Add(new XElement(Ns + "SetIdentifier", set.SetIdentifier));
        if (set.Weight is { } weight) element.Add(new XElement(Ns + "Weight", weight.ToString(CultureInfo.InvariantCulture)));
        if (set.Alias is { } alias)
        {
            element.Add(new XElement(Ns + "AliasTarget",
                new XElement(Ns + "HostedZoneId", alias.HostedZoneId),
                new XElement(Ns + "DNSName", alias.DnsName),
                new XElement(Ns + "EvaluateTargetHealth", alias.EvaluateTargetHealth ? "true" : "false")));
        }
        else
        {
            if (set.Ttl is { } ttl) element.Add(new XElement(Ns + "TTL", ttl.ToString(CultureInfo.InvariantCulture)));
            element.Add(new XElement(Ns + "ResourceRecords",
                set.Values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))));
        }
        return element;
    }

    internal static ResourceRecordSet ParseRecordSet(XElement e)
    {
        var alias = e.Child("AliasTarget") is { } a
            ? new AliasTarget(a.RequiredText("HostedZoneId"), Route53Names.Normalize(a.RequiredText("DNSName")), a.Bool("EvaluateTargetHealth"))
            : null;
        return new ResourceRecordSet(
            Route53Names.Normalize(e.RequiredText("Name")),
            e.RequiredText("Type"),
            e.Long("TTL"),
            e.Items("ResourceRecords", "ResourceRecord").Select(r => r.RequiredText("Value")).ToList(),
            alias,
            e.Text("SetIdentifier"),
            e.Long("Weight"));
    }

    private static HostedZone ParseZone(XElement e) => new(
        Route53Names.BareId(e.RequiredText("Id")),
        Route53Names.Normalize(e.RequiredText("Name")),
        e.Text("CallerReference") ?? "",
        e.Child("Config")?.Bool("PrivateZone") ?? false,
        e.Child("Config")?.Text("Comment"),
        e.Long("ResourceRecordSetCount") ?? 0);

    private static ChangeInfo ParseChange(XElement root)
    {
        var info = root.Child("ChangeInfo") ?? throw new FormatException("The response has no <ChangeInfo>.");
        var status = info.RequiredText("Status") switch
        {
            "INSYNC" => ChangeStatus.InSync,
            "PENDING" => ChangeStatus.Pending,
            var other => throw new FormatException($"Unknown change status '{other}'."),
        };
        return new ChangeInfo(Route53Names.BareId(info.RequiredText("Id")), status,
            info.Time("SubmittedAt") ?? throw new FormatException("<ChangeInfo> has no <SubmittedAt>."), info.Text("Comment"));
    }

    private static string? Clamp(int maxItems, int limit) =>
        maxItems <= 0 ? null : Math.Min(maxItems, limit).ToString(CultureInfo.InvariantCulture);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
