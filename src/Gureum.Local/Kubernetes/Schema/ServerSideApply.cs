using System.Globalization;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>A field another manager owns with a different value.</summary>
internal sealed record ApplyConflict(string Manager, string ApiVersion, string Field);

/// <summary>Apply refused: the server answers 409 with <see cref="Exception.Message"/> and <see cref="Causes"/>.</summary>
internal sealed class ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts) : Exception(Describe(conflicts))
{
    public IReadOnlyList<ApplyConflict> Conflicts { get; } = conflicts;

    public IReadOnlyList<FieldCause> Causes =>
        [.. Conflicts.Select(c => new FieldCause("FieldManagerConflict", c.Field, $"conflict with \"{c.Manager}\" using {c.ApiVersion}"))];

    // The wording of sigs.k8s.io/structured-merge-diff's Conflicts.Error().
    private static string Describe(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
            return $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\" using {conflicts[0].ApiVersion}: {conflicts[0].Field}";
        var groups = conflicts.GroupBy(c => (c.Manager, c.ApiVersion)).Select(g =>
            $"conflicts with \"{g.Key.Manager}\" using {g.Key.ApiVersion}:\n" + string.Join("\n", g.Select(c => "- " + c.Field)));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", groups)}";
    }
}

/// <summary>
/// Server-side apply (one object, field managers tracked in <c>metadata.managedFields</c> as FieldsV1).
/// Approximations: every list is atomic (owned and replaced as a whole, as for CRD lists without
/// <c>x-kubernetes-list-type: map|set</c>); maps are granular; the <c>"."</c> self-markers and list item keys
/// (<c>k:</c>, <c>v:</c>) are not produced, and read back as ownership of the whole list.
/// </summary>
internal static class ServerSideApply
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    private static readonly HashSet<string> TrackedMetadata = ["labels", "annotations", "finalizers", "ownerReferences"];

    /// <summary>
    /// Merges <paramref name="applied"/> into <paramref name="live"/> (null when creating) for <paramref name="manager"/>;
    /// removes fields this manager applied before and omits now, unless another manager also owns them.
    /// </summary>
    /// <exception cref="ApplyConflictException">Another manager owns a field with a different value and <paramref name="force"/> is false.</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string manager, bool force, DateTimeOffset now)
    {
        var result = live?.DeepClone().AsObject() ?? [];
        var entries = ReadEntries(result);
        var apiVersion = (string?)applied["apiVersion"] ?? "";
        var owned = Leaves(applied);
        var previous = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == ApplyOperation)?.Fields ?? [];

        var conflicts = new List<ApplyConflict>();
        foreach (var entry in entries.Where(e => e.Manager != manager))
            foreach (var field in owned)
                foreach (var theirs in entry.Fields.Where(f => Overlaps(f, field)).ToList())
                    if (live is not null && !JsonNode.DeepEquals(Get(live, field), Get(applied, field)))
                    {
                        if (force) entry.Fields.Remove(theirs);
                        else conflicts.Add(new ApplyConflict(entry.Manager, entry.ApiVersion, Display(theirs)));
                    }
        if (conflicts.Count > 0) throw new ApplyConflictException([.. conflicts.Distinct()]);

        foreach (var field in previous.Where(p => !owned.Contains(p)))
            if (!entries.Any(e => e.Manager != manager && e.Fields.Any(f => Overlaps(f, field))))
                Remove(result, field);
        Merge(result, applied);

        entries.RemoveAll(e => e.Manager == manager && e.Operation == ApplyOperation);
        entries.Add(new Entry(manager, ApplyOperation, apiVersion, now, owned));
        WriteEntries(result, entries);
        return result;
    }

    /// <summary>
    /// managedFields after a create/update/patch by <paramref name="manager"/>: fields it changed become its own
    /// (operation Update) and leave other managers; fields that disappeared leave every manager.
    /// </summary>
    public static JsonObject RecordUpdate(JsonObject? old, JsonObject updated, string manager, DateTimeOffset now)
    {
        var result = updated.DeepClone().AsObject();
        var entries = old is null ? [] : ReadEntries(old);
        var newLeaves = Leaves(result);
        var changed = newLeaves.Where(f => old is null || !JsonNode.DeepEquals(Get(old, f), Get(result, f))).ToHashSet();
        foreach (var entry in entries)
        {
            entry.Fields.RemoveWhere(f => !newLeaves.Any(n => Overlaps(n, f)));
            if (entry.Manager != manager) entry.Fields.RemoveWhere(f => changed.Any(c => Overlaps(c, f)));
        }
        if (changed.Count > 0)
        {
            var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == UpdateOperation);
            var fields = mine?.Fields ?? [];
            fields.UnionWith(changed);
            entries.RemoveAll(e => e.Manager == manager && e.Operation == UpdateOperation);
            entries.Add(new Entry(manager, UpdateOperation, (string?)result["apiVersion"] ?? "", now, fields));
        }
        WriteEntries(result, entries);
        return result;
    }

    /// <summary>Converts owned paths to FieldsV1 (<c>{"f:spec":{"f:ttl":{}}}</c>), keys sorted.</summary>
    public static JsonObject ToFieldsV1(IEnumerable<IReadOnlyList<string>> fields)
    {
        var root = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var node = root;
            foreach (var name in field)
            {
                if (!node.TryGetValue("f:" + name, out var child)) node["f:" + name] = child = new SortedDictionary<string, object>(StringComparer.Ordinal);
                node = (SortedDictionary<string, object>)child;
            }
        }
        return ToJson(root);
    }

    /// <summary>Reads FieldsV1 back into paths; list item keys (<c>k:</c>, <c>v:</c>, <c>i:</c>) mean the whole list.</summary>
    public static FieldSet FromFieldsV1(JsonObject? fieldsV1)
    {
        var set = new FieldSet();
        void Walk(JsonObject node, List<string> path)
        {
            var children = node.Where(p => p.Key.StartsWith("f:", StringComparison.Ordinal)).ToList();
            var listItems = node.Any(p => p.Key.Length > 1 && p.Key[1] == ':' && p.Key[0] is 'k' or 'v' or 'i');
            if ((children.Count == 0 || listItems) && path.Count > 0)
            {
                set.Add(new FieldKey([.. path]));
                return;
            }
            foreach (var (key, value) in children)
            {
                path.Add(key[2..]);
                Walk(value as JsonObject ?? [], path);
                path.RemoveAt(path.Count - 1);
            }
        }
        if (fieldsV1 is not null) Walk(fieldsV1, []);
        return set;
    }

    internal static FieldSet Leaves(JsonObject obj)
    {
        var set = new FieldSet();
        void Walk(JsonNode? node, List<string> path)
        {
            if (node is JsonObject o && o.Count > 0)
            {
                foreach (var (name, child) in o)
                {
                    if (path.Count == 0 && name is "apiVersion" or "kind") continue;
                    if (path is ["metadata"] && !TrackedMetadata.Contains(name)) continue;
                    path.Add(name);
                    Walk(child, path);
                    path.RemoveAt(path.Count - 1);
                }
            }
            else if (path.Count > 0) set.Add(new FieldKey([.. path]));
        }
        Walk(obj, []);
        return set;
    }

    private static bool Overlaps(FieldKey a, FieldKey b)
    {
        var n = Math.Min(a.Path.Count, b.Path.Count);
        for (var i = 0; i < n; i++) if (a.Path[i] != b.Path[i]) return false;
        return true;
    }

    private static string Display(FieldKey key) => "." + string.Join('.', key.Path);

    private static JsonNode? Get(JsonObject obj, FieldKey key)
    {
        JsonNode? node = obj;
        foreach (var name in key.Path) node = node is JsonObject o ? o[name] : null;
        return node;
    }

    private static void Remove(JsonObject obj, FieldKey key)
    {
        JsonNode? node = obj;
        foreach (var name in key.Path.Take(key.Path.Count - 1)) node = node is JsonObject o ? o[name] : null;
        (node as JsonObject)?.Remove(key.Path[^1]);
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (value is JsonObject sourceChild && target[name] is JsonObject targetChild) Merge(targetChild, sourceChild);
            else target[name] = value?.DeepClone();
        }
    }

    private sealed record Entry(string Manager, string Operation, string ApiVersion, DateTimeOffset? Time, FieldSet Fields);

    private static List<Entry> ReadEntries(JsonObject obj) =>
        obj["metadata"]?["managedFields"] is JsonArray array
            ? [.. array.OfType<JsonObject>().Select(e => new Entry(
                (string?)e["manager"] ?? "", (string?)e["operation"] ?? UpdateOperation, (string?)e["apiVersion"] ?? "",
                DateTimeOffset.TryParse((string?)e["time"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null,
                FromFieldsV1(e["fieldsV1"] as JsonObject)))]
            : [];

    private static void WriteEntries(JsonObject obj, List<Entry> entries)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        var array = new JsonArray();
        foreach (var entry in entries.Where(e => e.Fields.Count > 0))
        {
            var json = new JsonObject { ["manager"] = entry.Manager, ["operation"] = entry.Operation, ["apiVersion"] = entry.ApiVersion };
            if (entry.Time is { } time) json["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            json["fieldsType"] = "FieldsV1";
            json["fieldsV1"] = ToFieldsV1(entry.Fields.Select(f => f.Path));
            array.Add(json);
        }
        if (array.Count > 0) metadata["managedFields"] = array;
        else metadata.Remove("managedFields");
    }

    private static JsonObject ToJson(SortedDictionary<string, object> node) =>
        new(node.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)ToJson((SortedDictionary<string, object>)p.Value))));
}

/// <summary>A field path such as <c>spec.ttl</c> (segments; equality by value).</summary>
internal sealed record FieldKey(IReadOnlyList<string> Path)
{
    public bool Equals(FieldKey? other) => other is not null && Path.SequenceEqual(other.Path);

    public override int GetHashCode() => string.Join('\u001f', Path).GetHashCode(StringComparison.Ordinal);

    public override string ToString() => string.Join('.', Path);
}

internal sealed class FieldSet : HashSet<FieldKey>;
