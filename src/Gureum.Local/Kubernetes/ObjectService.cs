using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gureum.Local.Kubernetes.Schema;

namespace Gureum.Local.Kubernetes;

/// <summary>What a write asked for, from the query string.</summary>
internal sealed record WriteOptions
{
    public string? FieldManager { get; init; }
    public bool Force { get; init; }
    public bool Strict { get; init; }
    public bool DryRun { get; init; }
    /// <summary>Manager recorded in managedFields when the request names none (from the User-Agent, as kube-apiserver does).</summary>
    public string DefaultManager { get; init; } = "unknown";
    public bool IsApply { get; init; }
    public string Manager => FieldManager ?? DefaultManager;
}

/// <summary>A list page.</summary>
internal sealed record ListPage(IReadOnlyList<JsonObject> Items, string ResourceVersion, string? Continue, long? Remaining);

/// <summary>
/// Kubernetes semantics over <see cref="ObjectStore"/>: metadata rules, status subresource,
/// generation, optimistic concurrency, finalizers, garbage collection, CRD registration.
/// Every operation runs under the store's gate, so a rejected request stores nothing.
/// </summary>
internal sealed partial class ObjectService(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public ObjectStore Store => store;

    public void EnsureDefaults()
    {
        lock (store.Gate)
        {
            foreach (var (key, crd) in store.All())
            {
                if (key == ResourceRegistry.CustomResourceDefinitions.StorageKey)
                {
                    registry.Register(crd);
                }
            }
            foreach (var ns in new[] { "default", "kube-system", "kube-public" })
            {
                if (store.Get(ResourceRegistry.Namespaces.StorageKey, null, ns) is null)
                {
                    Create(ResourceRegistry.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, new WriteOptions());
                }
            }
            // A restart must not forget deletions in progress: the state file keeps them marked.
            ResumeForegroundDeletions();
            ResumeNamespaceTerminations();
        }
        store.Save();
    }

    public JsonObject Get(ResourceType type, string? ns, string name) =>
        WithKind(type, store.Get(type.StorageKey, ns, name) ?? throw ApiError.NotFound(type, name));

    public ListPage List(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, int? limit, string? continueToken)
    {
        lock (store.Gate)
        {
            var rv = store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var all = store.List(type.StorageKey, ns).Select(o => WithKind(type, o)).Where(o => labels.Matches(o) && fields.Matches(o));
            if (continueToken is { Length: > 0 })
            {
                var after = DecodeContinue(continueToken);
                all = all.Where(o => string.CompareOrdinal(KeyOf(o), after) > 0);
            }
            var items = all.ToList();
            if (limit is > 0 && items.Count > limit)
            {
                var page = items.Take(limit.Value).ToList();
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyOf(page[^1])));
                return new ListPage(page, rv, token, items.Count - page.Count);
            }
            return new ListPage(items, rv, null, null);
        }
    }

    public JsonObject Create(ResourceType type, string? ns, JsonNode? body, WriteOptions options)
    {
        var obj = AsObject(body);
        lock (store.Gate)
        {
            CheckTypeMeta(type, obj);
            var metadata = EnsureMetadata(obj);
            CheckNamespace(type, ns, metadata);
            // Admission sees the name as sent (empty for generateName), as kube-apiserver's does.
            RefuseNewContentInTerminatingNamespace(type, ns, metadata["name"]?.GetValue<string>() ?? "");
            if (metadata["name"]?.GetValue<string>() is not { Length: > 0 } && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
            {
                metadata["name"] = prefix + RandomSuffix();
            }
            var name = metadata["name"]?.GetValue<string>() ?? "";
            ValidateName(type, name);
            if (store.Get(type.StorageKey, ns, name) is not null)
            {
                throw ApiError.AlreadyExists(type, name);
            }
            if (type.HasStatus && type.IsCustom)
            {
                obj.Remove("status");
            }
            foreach (var field in new[] { "resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds" })
            {
                metadata.Remove(field);
            }
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Now();
            if (type.TracksGeneration)
            {
                metadata["generation"] = 1L;
            }
            Admit(type, name, obj, options);
            if (!options.IsApply)
            {
                obj = SchemaBridge.RecordUpdate(null, obj, options.Manager, time.GetUtcNow());
            }
            if (type == ResourceRegistry.Namespaces)
            {
                obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                obj["status"] = new JsonObject { ["phase"] = "Active" };
            }
            if (type == ResourceRegistry.CustomResourceDefinitions)
            {
                EstablishCrd(name, obj);
            }
            if (options.DryRun)
            {
                return obj;
            }
            var stored = store.Put(type.StorageKey, obj, "ADDED");
            if (type == ResourceRegistry.CustomResourceDefinitions)
            {
                registry.Register(stored);
            }
            Persist();
            return WithKind(type, stored);
        }
    }

    /// <summary>PUT of the object or (subresource "status") of its status.</summary>
    public JsonObject Update(ResourceType type, string? ns, string name, JsonNode? body, string? subresource, WriteOptions options)
    {
        var obj = AsObject(body);
        lock (store.Gate)
        {
            CheckTypeMeta(type, obj);
            var metadata = EnsureMetadata(obj);
            CheckNamespace(type, ns, metadata);
            if (metadata["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
            {
                throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            }
            metadata["name"] = name;
            var live = store.Get(type.StorageKey, ns, name) ?? throw ApiError.NotFound(type, name);
            return Replace(type, live, obj, subresource, options);
        }
    }

    public JsonObject Patch(ResourceType type, string? ns, string name, string contentType, JsonNode? patch, string? subresource, WriteOptions options)
    {
        lock (store.Gate)
        {
            var live = store.Get(type.StorageKey, ns, name);
            if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal))
            {
                var applied = AsObject(patch);
                if (live is null)
                {
                    if (subresource is not null)
                    {
                        throw ApiError.NotFound(type, name);
                    }
                    var created = SchemaBridge.ServerSideApply(type, name, null, applied, options.FieldManager ?? "", options.Force, time.GetUtcNow());
                    EnsureMetadata(created)["name"] = name;
                    return Create(type, ns, created, options with { IsApply = true });
                }
                var merged = SchemaBridge.ServerSideApply(type, name, live, applied, options.FieldManager ?? "", options.Force, time.GetUtcNow());
                return Replace(type, live, merged, subresource, options with { IsApply = true });
            }
            if (live is null)
            {
                throw ApiError.NotFound(type, name);
            }
            JsonNode patched = contentType switch
            {
                _ when contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal) =>
                    SchemaBridge.JsonPatch(live, patch as JsonArray ?? throw ApiError.BadRequest("a JSON patch must be a JSON array of operations")),
                _ when contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
                    || contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) =>
                    SchemaBridge.MergePatch(live, patch as JsonObject ?? throw ApiError.BadRequest("a merge patch must be a JSON object")),
                _ => throw ApiError.UnsupportedMediaType(contentType),
            };
            return Replace(type, live, AsObject(patched), subresource, options);
        }
    }

    /// <summary>Deletes, or marks for deletion while finalizers remain; then collects dependents.</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, JsonNode? deleteOptions, string? propagationPolicy)
    {
        lock (store.Gate)
        {
            var live = store.Get(type.StorageKey, ns, name) ?? throw ApiError.NotFound(type, name);
            var liveMeta = (JsonObject)live["metadata"]!;
            if (deleteOptions?["preconditions"] is JsonObject pre)
            {
                if (pre["uid"]?.GetValue<string>() is { } uid && uid != liveMeta["uid"]?.GetValue<string>())
                {
                    throw ApiError.ConflictMessage(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {liveMeta["uid"]}");
                }
                if (pre["resourceVersion"]?.GetValue<string>() is { } rv && rv != liveMeta["resourceVersion"]?.GetValue<string>())
                {
                    throw ApiError.ConflictMessage(type, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {liveMeta["resourceVersion"]}");
                }
            }
            var policy = propagationPolicy ?? deleteOptions?["propagationPolicy"]?.GetValue<string>() ?? (deleteOptions?["orphanDependents"]?.GetValue<bool>() == true ? "Orphan" : "Background");
            var result = type == ResourceRegistry.Namespaces ? DeleteNamespace(live) : DeleteObject(type, live, policy);
            Persist();
            return WithKind(type, result);
        }
    }

    /// <summary>
    /// Marks the object for deletion while finalizers remain, else removes it. Orphan first drops
    /// the owner references of dependents; Foreground holds the object until its blocking dependents are gone.
    /// </summary>
    private JsonObject DeleteObject(ResourceType type, JsonObject live, string policy)
    {
        var uid = live["metadata"]!["uid"]?.GetValue<string>() ?? "";
        switch (policy)
        {
            case "Orphan":
                OrphanDependents(uid);
                break;
            case "Foreground":
                return DeleteInForeground(type, live);
        }
        if (HasFinalizers(type, live))
        {
            return MarkDeleted(type, live);
        }
        return Remove(type, live);
    }

    /// <summary>Sets deletionTimestamp once; later deletes of an object already marked change nothing.</summary>
    private JsonObject MarkDeleted(ResourceType type, JsonObject live)
    {
        var meta = (JsonObject)live["metadata"]!;
        if (meta["deletionTimestamp"] is not null)
        {
            return live;
        }
        meta["deletionTimestamp"] = Now();
        meta["deletionGracePeriodSeconds"] = 0L;
        return store.Put(type.StorageKey, live, "MODIFIED");
    }

    /// <summary>Finalizers that hold the object: metadata.finalizers, and for a namespace also spec.finalizers.</summary>
    private static bool HasFinalizers(ResourceType type, JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray { Count: > 0 }
        || (type == ResourceRegistry.Namespaces && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 });

    public JsonObject DeleteCollection(ResourceType type, string? ns, LabelSelector labels, FieldSelector fields, string? propagationPolicy)
    {
        lock (store.Gate)
        {
            var items = List(type, ns, labels, fields, null, null).Items;
            var deleted = new JsonArray();
            foreach (var item in items)
            {
                deleted.Add(Delete(type, item["metadata"]?["namespace"]?.GetValue<string>(), item["metadata"]!["name"]!.GetValue<string>(), null, propagationPolicy));
            }
            return new JsonObject
            {
                ["kind"] = type.ListKind,
                ["apiVersion"] = type.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = store.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
                ["items"] = deleted,
            };
        }
    }

    public JsonObject WithKind(ResourceType type, JsonObject obj)
    {
        // Objects are stored per group/resource; a read through another version shows that version.
        var ordered = new JsonObject { ["apiVersion"] = type.ApiVersion, ["kind"] = type.Kind };
        foreach (var (key, value) in obj.ToList())
        {
            if (key is not "apiVersion" and not "kind")
            {
                obj.Remove(key);
                ordered[key] = value;
            }
        }
        return ordered;
    }

    private JsonObject Replace(ResourceType type, JsonObject live, JsonObject incoming, string? subresource, WriteOptions options)
    {
        var liveMeta = (JsonObject)live["metadata"]!;
        var name = liveMeta["name"]!.GetValue<string>();
        var incomingMeta = EnsureMetadata(incoming);
        if (incomingMeta["resourceVersion"]?.GetValue<string>() is { Length: > 0 } rv && rv != liveMeta["resourceVersion"]?.GetValue<string>())
        {
            throw ApiError.Conflict(type, name);
        }
        JsonObject next;
        if (subresource == "status")
        {
            // A status write changes status and nothing else.
            next = (JsonObject)live.DeepClone();
            next["status"] = incoming["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }
        }
        else if (subresource is not null)
        {
            throw ApiError.NotFoundPath(subresource);
        }
        else
        {
            next = (JsonObject)incoming.DeepClone();
            var nextMeta = (JsonObject)next["metadata"]!;
            if (type.HasStatus && type.IsCustom)
            {
                next["status"] = live["status"]?.DeepClone();
                if (next["status"] is null)
                {
                    next.Remove("status");
                }
            }
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
            {
                nextMeta[field] = liveMeta[field]?.DeepClone();
                if (nextMeta[field] is null)
                {
                    nextMeta.Remove(field);
                }
            }
            if (type == ResourceRegistry.Namespaces)
            {
                // As in Kubernetes, spec.finalizers changes only through the namespace controller (the /finalize subresource).
                next["spec"] = live["spec"]?.DeepClone();
            }
            if (nextMeta["managedFields"] is null && liveMeta["managedFields"] is not null)
            {
                nextMeta["managedFields"] = liveMeta["managedFields"]!.DeepClone();
            }
            Admit(type, name, next, options);
            if (type.TracksGeneration && !JsonNode.DeepEquals(SpecPart(live), SpecPart(next)))
            {
                nextMeta["generation"] = (liveMeta["generation"] is { } generation ? long.Parse(generation.ToJsonString(), CultureInfo.InvariantCulture) : 0) + 1;
            }
            if (type == ResourceRegistry.CustomResourceDefinitions)
            {
                EstablishCrd(name, next);
            }
        }
        if (!options.IsApply)
        {
            next = SchemaBridge.RecordUpdate(live, next, options.Manager, time.GetUtcNow());
        }
        ((JsonObject)next["metadata"]!)["resourceVersion"] = liveMeta["resourceVersion"]?.DeepClone();
        if (JsonNode.DeepEquals(live, next) || options.DryRun)
        {
            return WithKind(type, next);
        }
        var nextFinalizers = next["metadata"]!["finalizers"] as JsonArray;
        var deleting = liveMeta["deletionTimestamp"] is not null;
        if (deleting && !HasFinalizers(type, next))
        {
            var removed = Remove(type, next);
            Persist();
            return WithKind(type, removed);
        }
        if (deleting && (nextFinalizers?.Count ?? 0) > ((liveMeta["finalizers"] as JsonArray)?.Count ?? 0))
        {
            throw ApiError.Invalid(type, name, [new FieldCause("FieldValueForbidden", "metadata.finalizers", "Forbidden: no new finalizers can be added if the object is being deleted")]);
        }
        var stored = store.Put(type.StorageKey, next, "MODIFIED");
        if (type == ResourceRegistry.CustomResourceDefinitions)
        {
            registry.Register(stored);
        }
        if (deleting)
        {
            // A finalizer fewer changes what a terminating namespace reports (or lets it go).
            SweepNamespace(type == ResourceRegistry.Namespaces ? name : liveMeta["namespace"]?.GetValue<string>());
            stored = store.Get(type.StorageKey, liveMeta["namespace"]?.GetValue<string>(), name) ?? stored;
        }
        Persist();
        return WithKind(type, stored);
    }

    /// <summary>Removes the object now, then lets what depended on it move on: dependents, foreground owners, a terminating namespace.</summary>
    private JsonObject Remove(ResourceType type, JsonObject obj)
    {
        var meta = (JsonObject)obj["metadata"]!;
        var name = meta["name"]!.GetValue<string>();
        var ns = meta["namespace"]?.GetValue<string>();
        // The DELETED event carries the object's final state (for example without its last finalizer).
        var removed = store.Remove(type.StorageKey, ns, name, obj) ?? obj;
        if (type == ResourceRegistry.CustomResourceDefinitions)
        {
            foreach (var served in registry.Unregister(name).DistinctBy(t => t.StorageKey))
            {
                foreach (var item in store.List(served.StorageKey, null))
                {
                    store.Remove(served.StorageKey, item["metadata"]?["namespace"]?.GetValue<string>(), item["metadata"]!["name"]!.GetValue<string>());
                }
            }
        }
        CollectDependents(meta["uid"]?.GetValue<string>() ?? "");
        ResumeOwnersWaitingFor(meta);
        if (type.Namespaced)
        {
            SweepNamespace(ns);
        }
        return removed;
    }

    private void Admit(ResourceType type, string name, JsonObject obj, WriteOptions options)
    {
        ValidateMetadata(type, name, (JsonObject)obj["metadata"]!);
        if (!type.IsCustom)
        {
            return;
        }
        var (unknown, causes) = SchemaBridge.Admit(type, obj);
        if (options.Strict && unknown.Count > 0)
        {
            throw ApiError.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {CrdSchema.StrictDecodingMessage(unknown)}");
        }
        if (causes.Count > 0)
        {
            throw ApiError.Invalid(type, name, causes);
        }
    }

    private static void ValidateMetadata(ResourceType type, string name, JsonObject metadata)
    {
        var causes = new List<FieldCause>();
        foreach (var field in new[] { "labels", "annotations" })
        {
            if (metadata[field] is JsonObject map)
            {
                foreach (var (key, value) in map)
                {
                    if (value is not JsonValue v || !v.TryGetValue<string>(out _))
                    {
                        causes.Add(new FieldCause("FieldValueInvalid", $"metadata.{field}.{key}", $"Invalid value: {value?.ToJsonString() ?? "null"}: must be a string"));
                    }
                }
            }
            else if (metadata[field] is not null)
            {
                causes.Add(new FieldCause("FieldValueInvalid", $"metadata.{field}", "Invalid value: must be an object of strings"));
            }
        }
        if (causes.Count > 0)
        {
            throw ApiError.Invalid(type, name, causes);
        }
    }

    private void EstablishCrd(string name, JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>();
        var plural = spec?["names"]?["plural"]?.GetValue<string>();
        var causes = new List<FieldCause>();
        if (string.IsNullOrEmpty(group))
        {
            causes.Add(new FieldCause("FieldValueRequired", "spec.group", "Required value"));
        }
        if (string.IsNullOrEmpty(plural))
        {
            causes.Add(new FieldCause("FieldValueRequired", "spec.names.plural", "Required value"));
        }
        else if (name != $"{plural}.{group}")
        {
            causes.Add(new FieldCause("FieldValueInvalid", "metadata.name", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group"));
        }
        if (spec?["names"]?["kind"] is null)
        {
            causes.Add(new FieldCause("FieldValueRequired", "spec.names.kind", "Required value"));
        }
        if (spec?["versions"] is not JsonArray { Count: > 0 })
        {
            causes.Add(new FieldCause("FieldValueRequired", "spec.versions", "Required value: must have exactly one version marked as storage version"));
        }
        if (causes.Count > 0)
        {
            throw ApiError.Invalid(ResourceRegistry.CustomResourceDefinitions, name, causes);
        }
        var names = (JsonObject)spec!["names"]!.DeepClone();
        names["singular"] ??= names["kind"]!.GetValue<string>().ToLowerInvariant();
        names["listKind"] ??= names["kind"]!.GetValue<string>() + "List";
        var now = Now();
        var previous = crd["status"]?["conditions"] as JsonArray;
        string Since(string type) => previous?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type)?["lastTransitionTime"]?.GetValue<string>() ?? now;
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = names,
            ["conditions"] = new JsonArray
            {
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["reason"] = "NoConflicts", ["message"] = "no conflicts found", ["lastTransitionTime"] = Since("NamesAccepted") },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted", ["lastTransitionTime"] = Since("Established") },
            },
            ["storedVersions"] = new JsonArray([.. (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => v["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)v["name"]!.DeepClone())]),
        };
    }

    private static void CheckTypeMeta(ResourceType type, JsonObject obj)
    {
        if (obj["kind"]?.GetValue<string>() is { Length: > 0 } kind && kind != type.Kind)
        {
            throw ApiError.BadRequest($"the kind of the object ({kind}) does not match the kind of the resource ({type.Kind})");
        }
        if (obj["apiVersion"]?.GetValue<string>() is { Length: > 0 } apiVersion && apiVersion != type.ApiVersion)
        {
            throw ApiError.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
    }

    private void CheckNamespace(ResourceType type, string? ns, JsonObject metadata)
    {
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }
        if (metadata["namespace"]?.GetValue<string>() is { Length: > 0 } bodyNs && bodyNs != ns)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata["namespace"] = ns;
        if (store.Get(ResourceRegistry.Namespaces.StorageKey, null, ns!) is null)
        {
            throw ApiError.NotFound(ResourceRegistry.Namespaces, ns!);
        }
    }

    private static void ValidateName(ResourceType type, string name)
    {
        if (name.Length == 0)
        {
            throw ApiError.Invalid(type, name, [new FieldCause("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")]);
        }
        if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            throw ApiError.Invalid(type, name, [new FieldCause("FieldValueInvalid", "metadata.name",
                $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]);
        }
    }

    private static JsonObject SpecPart(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not "metadata" and not "status" and not "apiVersion" and not "kind")
            {
                copy[key] = value?.DeepClone();
            }
        }
        return copy;
    }

    private static JsonObject AsObject(JsonNode? body) =>
        body as JsonObject ?? throw ApiError.BadRequest("the request body must be a JSON object");

    private static JsonObject EnsureMetadata(JsonObject obj)
    {
        if (obj["metadata"] is null)
        {
            obj["metadata"] = new JsonObject();
        }
        return obj["metadata"] as JsonObject ?? throw ApiError.BadRequest("metadata must be an object");
    }

    private string Now() => time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string RandomSuffix() =>
        new([.. Enumerable.Range(0, 5).Select(_ => NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)])]);

    private static string KeyOf(JsonObject obj) =>
        ObjectStore.Key(obj["metadata"]?["namespace"]?.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());

    private static string DecodeContinue(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw ApiError.BadRequest("invalid value for continue");
        }
    }

    private void Persist() => store.Save();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
