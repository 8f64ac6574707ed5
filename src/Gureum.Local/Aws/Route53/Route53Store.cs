using System.Security.Cryptography;

namespace Gureum.Local.Aws.Route53;

/// <summary>
/// Hosted zones, record sets and changes behind one lock. Every mutation is validated in full
/// before anything is applied, then persisted when a state file is configured.
/// </summary>
internal sealed class Route53Store
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly Lock _gate = new();
    private readonly List<Zone> _zones = [];
    private readonly Dictionary<string, ChangeRecord> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<(ChangeAction Action, string Name, string Type), int> _applied = [];
    private readonly JsonStateFile<Snapshot>? _file;
    private readonly TimeProvider _time;
    private readonly TimeSpan _propagation;

    public Route53Store(TimeProvider time, TimeSpan propagation, string? stateFile)
    {
        _time = time;
        _propagation = propagation;
        if (stateFile is null)
            return;
        _file = new JsonStateFile<Snapshot>(stateFile);
        if (_file.Load() is { } snapshot)
        {
            _zones.AddRange(snapshot.Zones.Select(z => new Zone(z.Zone, z.Records.ToDictionary(r => r.Key))));
            foreach (var change in snapshot.Changes)
                _changes[change.Id] = change;
        }
    }

    private sealed record Zone(HostedZone Info, Dictionary<RecordKey, RecordSet> Records);

    internal sealed record ZoneSnapshot(HostedZone Zone, List<RecordSet> Records);

    internal sealed record Snapshot(List<ZoneSnapshot> Zones, List<ChangeRecord> Changes);

    public sealed record ZoneView(HostedZone Zone, int RecordCount);

    public sealed record ChangeView(ChangeRecord Change, string Status);

    public sealed record RecordPage(IReadOnlyList<RecordSet> Records, RecordKey? Next);

    public (ZoneView Zone, ChangeView Change) CreateZone(string name, string callerReference, string? comment, bool privateZone)
    {
        var canonical = DnsNames.Normalize(name);
        if (canonical == "." || DnsNames.Problem(canonical) is not null)
            throw new AwsErrorException(new AwsError(400, "InvalidDomainName", $"{name} is not a valid domain name."));
        if (callerReference.Length == 0)
            throw Route53Xml.InvalidInput("1 validation error detected: Value '' at 'callerReference' failed to satisfy constraint: Member must have length greater than or equal to 1");
        lock (_gate)
        {
            if (_zones.Any(z => z.Info.CallerReference == callerReference))
                throw new AwsErrorException(new AwsError(409, "HostedZoneAlreadyExists",
                    "A hosted zone has already been created with the specified caller reference."));
            var id = NewId('Z');
            var nameServers = NameServersFor(id);
            var zone = new Zone(new HostedZone(id, canonical, callerReference, comment, privateZone, nameServers), []);
            foreach (var apex in ApexRecords(canonical, nameServers))
                zone.Records[apex.Key] = apex;
            _zones.Add(zone);
            var change = NewChange(comment: null);
            Save();
            return (new ZoneView(zone.Info, zone.Records.Count), View(change));
        }
    }

    /// <summary>Changes applied since start (accepted batches only), by action and record set: for benchmarks that check no write was made twice.</summary>
    public IReadOnlyDictionary<(ChangeAction Action, string Name, string Type), int> AppliedChanges()
    {
        lock (_gate)
            return new Dictionary<(ChangeAction, string, string), int>(_applied);
    }

    public IReadOnlyList<ZoneView> Zones()
    {
        lock (_gate)
            return _zones.Select(z => new ZoneView(z.Info, z.Records.Count)).ToList();
    }

    public ZoneView GetZone(string id)
    {
        lock (_gate)
        {
            var zone = Find(id);
            return new ZoneView(zone.Info, zone.Records.Count);
        }
    }

    public ChangeView DeleteZone(string id)
    {
        lock (_gate)
        {
            var zone = Find(id);
            if (zone.Records.Values.Any(r => !IsApexRequired(r, zone.Info.Name)))
                throw new AwsErrorException(new AwsError(400, "HostedZoneNotEmpty",
                    "The specified hosted zone contains non-required resource record sets and so cannot be deleted."));
            _zones.Remove(zone);
            var change = NewChange(comment: null);
            Save();
            return View(change);
        }
    }

    public RecordPage ListRecords(string zoneId, RecordKey? start, int maxItems)
    {
        lock (_gate)
        {
            var zone = Find(zoneId);
            var ordered = zone.Records.Keys.Order(RecordOrder.Instance);
            var from = start is null ? ordered : ordered.SkipWhile(k => RecordOrder.Instance.Compare(k, start) < 0);
            var page = from.Take(maxItems + 1).ToList();
            return new RecordPage(
                page.Take(maxItems).Select(k => zone.Records[k]).ToList(),
                page.Count > maxItems ? page[maxItems] : null);
        }
    }

    public ChangeView Change(string zoneId, IReadOnlyList<RecordChange> changes, string? comment)
    {
        if (RecordValidation.BatchSizeProblem(changes) is { } sizeProblem)
            throw Route53Xml.InvalidInput(sizeProblem);
        foreach (var change in changes)
        {
            if (RecordValidation.InputProblem(change) is { } inputProblem)
                throw Route53Xml.InvalidInput(inputProblem);
        }
        lock (_gate)
        {
            var zone = Find(zoneId);
            var working = new Dictionary<RecordKey, RecordSet>(zone.Records);
            var messages = new List<string>();
            foreach (var change in changes)
                messages.AddRange(Apply(zone.Info.Name, working, change));
            if (messages.Count > 0)
                throw new AwsErrorException(new InvalidChangeBatchError(messages));
            zone.Records.Clear();
            foreach (var (key, set) in working)
                zone.Records[key] = set;
            foreach (var change in changes)
                _applied[(change.Action, change.RecordSet.Name, change.RecordSet.Type)] = _applied.GetValueOrDefault((change.Action, change.RecordSet.Name, change.RecordSet.Type)) + 1;
            var record = NewChange(comment);
            Save();
            return View(record);
        }
    }

    public ChangeView GetChange(string id)
    {
        lock (_gate)
        {
            return _changes.TryGetValue(Route53Xml.StripPrefix(id, "/change/"), out var change)
                ? View(change)
                : throw new AwsErrorException(new AwsError(404, "NoSuchChange", $"A change with the specified change ID {id} does not exist."));
        }
    }

    /// <summary>Applies one change to the working copy; returns Route53's messages when it cannot.</summary>
    private static IEnumerable<string> Apply(string zoneName, Dictionary<RecordKey, RecordSet> records, RecordChange change)
    {
        var set = change.RecordSet;
        var problems = RecordValidation.DataProblems(set).ToList();
        if (problems.Count > 0)
            return problems;
        if (!DnsNames.IsWithin(set.Name, zoneName))
            return [$"RRSet with DNS name {DnsNames.Format(set.Name)} is not permitted in zone {DnsNames.Format(zoneName)}"];

        records.TryGetValue(set.Key, out var existing);
        switch (change.Action)
        {
            case ChangeAction.Delete:
                if (existing is null)
                    return [$"Tried to delete resource record set {set.Describe()} but it was not found"];
                if (!existing.SameContentAs(set))
                    return [$"Tried to delete resource record set {set.Describe()} but the values provided do not match the current values"];
                if (set.Name == zoneName && set.Type == "SOA")
                    return ["A HostedZone must contain exactly one SOA record."];
                if (set.Name == zoneName && set.Type == "NS")
                    return ["A HostedZone must contain at least one NS record for the zone itself."];
                records.Remove(set.Key);
                return [];
            case ChangeAction.Create when existing is not null:
                return [$"Tried to create resource record set {set.Describe()} but it already exists"];
            default:
                if (ConflictProblem(zoneName, records, set) is { } conflict)
                    return [conflict];
                records[set.Key] = set;
                return [];
        }
    }

    private static string? ConflictProblem(string zoneName, Dictionary<RecordKey, RecordSet> records, RecordSet set)
    {
        var name = DnsNames.Format(set.Name);
        var zone = DnsNames.Format(zoneName);
        var sameName = records.Values.Where(r => r.Name == set.Name && r.Key != set.Key).ToList();
        if (set.Type == "CNAME" && set.Name == zoneName)
            return $"RRSet of type CNAME with DNS name {name} is not permitted at apex in zone {zone}";
        if (set.Type == "CNAME" && sameName.Any(r => r.Type != "CNAME"))
            return $"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with other records with the same DNS name in zone {zone}";
        if (set.Type != "CNAME" && sameName.Any(r => r.Type == "CNAME"))
            return $"RRSet of type {set.Type} with DNS name {name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone {zone}";
        var sameType = sameName.Where(r => r.Type == set.Type).ToList();
        if (set.SetIdentifier is null && sameType.Count > 0)
            return $"RRSet with DNS name {name}, type {set.Type} cannot be created as other RRSets exist with the same name and type.";
        if (set.SetIdentifier is not null && sameType.Any(r => r.SetIdentifier is null))
            return $"RRSet with DNS name {name}, type {set.Type}, SetIdentifier {set.SetIdentifier} cannot be created as a non-weighted set exists with the same name and type.";
        return null;
    }

    private static bool IsApexRequired(RecordSet set, string zoneName) =>
        set.Name == zoneName && set.Type is "NS" or "SOA" && set.SetIdentifier is null;

    private static IEnumerable<RecordSet> ApexRecords(string zoneName, IReadOnlyList<string> nameServers)
    {
        yield return new RecordSet { Name = zoneName, Type = "NS", Ttl = 172800, Values = nameServers.Select(n => n + ".").ToList() };
        yield return new RecordSet
        {
            Name = zoneName,
            Type = "SOA",
            Ttl = 900,
            Values = [$"{nameServers[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"],
        };
    }

    private static IReadOnlyList<string> NameServersFor(string zoneId)
    {
        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(zoneId));
        string[] tlds = ["com", "net", "org", "co.uk"];
        return tlds.Select((tld, i) => $"ns-{BitConverter.ToUInt16(hash, i * 2) % 2048}.awsdns-{hash[8 + i] % 64:00}.{tld}").ToList();
    }

    private Zone Find(string id)
    {
        var bare = Route53Xml.StripPrefix(id, "/hostedzone/");
        return _zones.FirstOrDefault(z => z.Info.Id == bare)
            ?? throw new AwsErrorException(new AwsError(404, "NoSuchHostedZone", $"No hosted zone found with ID: {bare}"));
    }

    private ChangeRecord NewChange(string? comment)
    {
        var change = new ChangeRecord(NewId('C'), _time.GetUtcNow(), comment);
        _changes[change.Id] = change;
        return change;
    }

    private ChangeView View(ChangeRecord change) =>
        new(change, _time.GetUtcNow() - change.SubmittedAt >= _propagation ? "INSYNC" : "PENDING");

    private static string NewId(char prefix) =>
        prefix + RandomNumberGenerator.GetString(IdAlphabet, 20);

    private void Save() =>
        _file?.Save(new Snapshot(
            _zones.Select(z => new ZoneSnapshot(z.Info, z.Records.Values.ToList())).ToList(),
            _changes.Values.ToList()));
}
