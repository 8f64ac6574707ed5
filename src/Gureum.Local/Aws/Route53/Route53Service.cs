using Gureum.Aws;
using Gureum.Local.Aws.Faults;
using System.Globalization;
using System.Xml.Linq;
using static Gureum.Local.Aws.Route53.Route53Xml;

namespace Gureum.Local.Aws.Route53;

/// <summary>Route53 REST-XML (2013-04-01): maps paths to operations and the store's answers to XML.</summary>
internal sealed class Route53Service(Route53Store store) : IAwsService
{
    private const string Prefix = "/2013-04-01/";
    private const int MaxRecordItems = 300;
    private const int MaxZoneItems = 100;

    public string SigningName => AwsServiceCatalog.Route53.SigningName;
    public string ThrottlingCode => AwsServiceCatalog.Route53.ThrottlingCode;
    internal Route53Store Store => store;

    public static Route53Service Create(AwsEmulatorOptions options)
    {
        var file = options.StateDir is null ? null : Path.Combine(options.StateDir, "aws", "route53.json");
        var store = new Route53Store(options.TimeProvider, options.Simulated(options.Route53PropagationDelay), file);
        var existing = store.Zones().Select(z => z.Zone.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var zone in options.SeedHostedZones.Select(DnsNames.Normalize).Distinct())
        {
            if (!existing.Contains(zone))
                store.CreateZone(zone, "gureum-seed-" + zone, "Seeded by the Gureum emulator", privateZone: false);
        }
        return new Route53Service(store);
    }

    public AwsOperation? Resolve(AwsRequest request)
    {
        var segments = Segments(request.Path);
        return (request.Method, segments) switch
        {
            ("POST", ["hostedzone"]) => new("CreateHostedZone", IsWrite: true),
            ("GET", ["hostedzone"]) => new("ListHostedZones", false),
            ("GET", ["hostedzonesbyname"]) => new("ListHostedZonesByName", false),
            ("GET", ["hostedzonecount"]) => new("GetHostedZoneCount", false),
            ("GET", ["hostedzone", _]) => new("GetHostedZone", false),
            ("DELETE", ["hostedzone", _]) => new("DeleteHostedZone", true),
            ("GET", ["hostedzone", _, "rrset"]) => new("ListResourceRecordSets", false),
            ("POST", ["hostedzone", _, "rrset"]) => new("ChangeResourceRecordSets", true),
            ("GET", ["change", _]) => new("GetChange", false),
            _ => null,
        };
    }

    public AwsError UnknownOperation(AwsRequest request) =>
        new(404, "UnknownOperationException", $"No Route53 operation for {request.Method} {request.Path}");

    public AwsResponse Error(AwsError error, string requestId) => Route53Xml.Error(error, requestId);

    /// <summary>Route53 refuses a change while the zone's previous change is still being applied.</summary>
    public (FaultKind Kind, AwsError Error)? ServiceFault(AwsOperation operation, ServiceFaults faults, Func<double, bool> draw) =>
        operation.Name == "ChangeResourceRecordSets" && draw(faults.PriorRequestNotCompleteFraction)
            ? (FaultKind.PriorRequestNotComplete, new AwsError(400, "PriorRequestNotComplete",
                "The request was rejected because Route 53 was still processing a prior request."))
            : null;

    public Task<AwsResponse> HandleAsync(AwsRequest request, AwsOperation operation, CancellationToken cancellationToken)
    {
        var segments = Segments(request.Path);
        var response = operation.Name switch
        {
            "CreateHostedZone" => CreateHostedZone(request),
            "ListHostedZones" => ListHostedZones(request),
            "ListHostedZonesByName" => ListHostedZonesByName(request),
            "GetHostedZoneCount" => Ok("GetHostedZoneCountResponse", new XElement(Ns + "HostedZoneCount", store.Zones().Count)),
            "GetHostedZone" => GetHostedZone(segments[1]),
            "DeleteHostedZone" => Ok("DeleteHostedZoneResponse", ChangeInfo(store.DeleteZone(segments[1]))),
            "ListResourceRecordSets" => ListResourceRecordSets(segments[1], request),
            "ChangeResourceRecordSets" => ChangeResourceRecordSets(segments[1], request),
            "GetChange" => Ok("GetChangeResponse", ChangeInfo(store.GetChange(segments[1]))),
            _ => throw new AwsErrorException(UnknownOperation(request)),
        };
        return Task.FromResult(response);
    }

    private AwsResponse CreateHostedZone(AwsRequest request)
    {
        var root = ParseRoot(request.BodyText, "CreateHostedZoneRequest");
        var config = Child(root, "HostedZoneConfig");
        var (zone, change) = store.CreateZone(
            Text(root, "Name") ?? throw InvalidInput("Invalid XML ; missing Name"),
            Text(root, "CallerReference") ?? "",
            config is null ? null : Text(config, "Comment"),
            config is not null && Text(config, "PrivateZone") == "true");
        return Ok("CreateHostedZoneResponse",
            HostedZone(zone.Zone, zone.RecordCount), ChangeInfo(change), DelegationSet(zone.Zone)) with
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["Location"] = $"https://route53.amazonaws.com{Prefix}hostedzone/{zone.Zone.Id}" },
        };
    }

    private AwsResponse GetHostedZone(string id)
    {
        var zone = store.GetZone(id);
        return Ok("GetHostedZoneResponse", HostedZone(zone.Zone, zone.RecordCount), DelegationSet(zone.Zone));
    }

    private AwsResponse ListHostedZones(AwsRequest request)
    {
        var maxItems = MaxItems(request, MaxZoneItems);
        var marker = request.Query["marker"];
        var zones = store.Zones();
        var start = marker is null ? 0 : zones.ToList().FindIndex(z => z.Zone.Id == StripPrefix(marker, "/hostedzone/"));
        if (start < 0)
            throw InvalidInput($"Invalid marker: {marker}");
        var page = zones.Skip(start).Take(maxItems + 1).ToList();
        var truncated = page.Count > maxItems;
        return Ok("ListHostedZonesResponse",
            new XElement(Ns + "HostedZones", page.Take(maxItems).Select(z => HostedZone(z.Zone, z.RecordCount))),
            new XElement(Ns + "Marker", marker ?? ""),
            new XElement(Ns + "IsTruncated", truncated ? "true" : "false"),
            truncated ? new XElement(Ns + "NextMarker", page[maxItems].Zone.Id) : null,
            new XElement(Ns + "MaxItems", maxItems));
    }

    private AwsResponse ListHostedZonesByName(AwsRequest request)
    {
        var maxItems = MaxItems(request, MaxZoneItems);
        var dnsName = request.Query["dnsname"];
        var zoneId = request.Query["hostedzoneid"];
        if (zoneId is not null && dnsName is null)
            throw InvalidInput("The input is not valid: hostedzoneid requires dnsname");
        var ordered = store.Zones()
            .OrderBy(z => z.Zone.Name, Comparer<string>.Create(DnsNames.CompareReversed))
            .ThenBy(z => z.Zone.Id, StringComparer.Ordinal);
        IEnumerable<Route53Store.ZoneView> from = ordered;
        if (dnsName is not null)
        {
            var name = DnsNames.Normalize(dnsName);
            var id = zoneId is null ? null : StripPrefix(zoneId, "/hostedzone/");
            from = ordered.SkipWhile(z =>
            {
                var byName = DnsNames.CompareReversed(z.Zone.Name, name);
                return byName < 0 || (byName == 0 && id is not null && string.CompareOrdinal(z.Zone.Id, id) < 0);
            });
        }
        var page = from.Take(maxItems + 1).ToList();
        var truncated = page.Count > maxItems;
        return Ok("ListHostedZonesByNameResponse",
            new XElement(Ns + "HostedZones", page.Take(maxItems).Select(z => HostedZone(z.Zone, z.RecordCount))),
            Optional("DNSName", dnsName is null ? null : DnsNames.Format(DnsNames.Normalize(dnsName))),
            Optional("HostedZoneId", zoneId),
            new XElement(Ns + "IsTruncated", truncated ? "true" : "false"),
            truncated ? new XElement(Ns + "NextDNSName", DnsNames.Format(page[maxItems].Zone.Name)) : null,
            truncated ? new XElement(Ns + "NextHostedZoneId", page[maxItems].Zone.Id) : null,
            new XElement(Ns + "MaxItems", maxItems));
    }

    private AwsResponse ListResourceRecordSets(string zoneId, AwsRequest request)
    {
        var maxItems = MaxItems(request, MaxRecordItems);
        var name = request.Query["name"];
        var type = request.Query["type"];
        var identifier = request.Query["identifier"];
        if (type is not null && name is null)
            throw InvalidInput("The input is not valid: type was specified without name");
        if (identifier is not null && type is null)
            throw InvalidInput("The input is not valid: identifier was specified without name and type");
        var start = name is null ? null : new RecordKey(DnsNames.Normalize(name), type ?? "", identifier);
        var page = store.ListRecords(zoneId, start, maxItems);
        return Ok("ListResourceRecordSetsResponse",
            new XElement(Ns + "ResourceRecordSets", page.Records.Select(Route53Xml.RecordSet)),
            new XElement(Ns + "IsTruncated", page.Next is null ? "false" : "true"),
            page.Next is { } next ? new XElement(Ns + "NextRecordName", DnsNames.Format(next.Name)) : null,
            page.Next is { } nextType ? new XElement(Ns + "NextRecordType", nextType.Type) : null,
            Optional("NextRecordIdentifier", page.Next?.SetIdentifier),
            new XElement(Ns + "MaxItems", maxItems));
    }

    private AwsResponse ChangeResourceRecordSets(string zoneId, AwsRequest request)
    {
        var root = ParseRoot(request.BodyText, "ChangeResourceRecordSetsRequest");
        var changes = ParseChangeBatch(root, out var comment);
        return Ok("ChangeResourceRecordSetsResponse", ChangeInfo(store.Change(zoneId, changes, comment)));
    }

    private static XElement ChangeInfo(Route53Store.ChangeView view) => Route53Xml.ChangeInfo(view.Change, view.Status);

    /// <summary>Route53 caps rather than rejects a large maxitems.</summary>
    private static int MaxItems(AwsRequest request, int cap)
    {
        var text = request.Query["maxitems"];
        if (text is null)
            return cap;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw InvalidInput($"1 validation error detected: Value '{text}' at 'maxItems' failed to satisfy constraint: Member must be a positive integer");
        return Math.Min(value, cap);
    }

    private static string[] Segments(string path) =>
        path.StartsWith(Prefix, StringComparison.Ordinal)
            ? path[Prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries)
            : [];

    private static AwsResponse Ok(string root, params object?[] content) =>
        new(200, Xml.Serialize(new XElement(Ns + root, content)));
}
