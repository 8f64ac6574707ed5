using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Gureum.Local.Kubernetes;

/// <summary>One change, as a watch sees it. The object is kept serialized so it is immutable.</summary>
internal sealed record StoredEvent(long ResourceVersion, string StorageKey, string? Namespace, string Type, string ObjectJson, string? PreviousJson = null);

/// <summary>
/// Objects by resource, the resourceVersion counter, the bounded event history for watch
/// resume, live watchers and (optionally) the state folder's journal. It knows nothing of Kubernetes
/// semantics beyond metadata.resourceVersion; <see cref="ObjectService"/> does the rest.
/// Callers that read-check-write hold <see cref="Gate"/> across the whole operation, and call
/// <see cref="Save"/> before answering: it journals every change made since the last call as one record.
/// </summary>
internal sealed class ObjectStore : IDisposable
{
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly int _historySize;
    private readonly StateJournal? _journal;
    private readonly List<JournalChange> _pending = [];
    /// <summary>Serialized size of each live object by storage key + object key: the live size compaction compares with.</summary>
    private readonly Dictionary<(string, string), int> _sizes = [];
    private long _liveBytes;
    private long _resourceVersion;
    private long _forgottenThrough;

    public ObjectStore(int historySize, string? stateDir, bool syncToDisk = false)
    {
        _historySize = Math.Max(1, historySize);
        if (stateDir is not null)
        {
            (_journal, var state) = StateJournal.Open(stateDir, syncToDisk);
            Load(state);
        }
    }

    /// <summary>Snapshots written since start (zero without a state folder).</summary>
    public int Compactions => _journal?.Compactions ?? 0;

    public object Gate { get; } = new();

    public long ResourceVersion
    {
        get { lock (Gate) { return _resourceVersion; } }
    }

    public static string Key(string? ns, string name) => $"{ns ?? ""}/{name}";

    public JsonObject? Get(string storageKey, string? ns, string name)
    {
        lock (Gate)
        {
            return _objects.TryGetValue(storageKey, out var map) && map.TryGetValue(Key(ns, name), out var obj)
                ? (JsonObject)obj.DeepClone()
                : null;
        }
    }

    /// <summary>Objects of one resource (in one namespace when given), ordered by namespace/name.</summary>
    public IReadOnlyList<JsonObject> List(string storageKey, string? ns)
    {
        lock (Gate)
        {
            if (!_objects.TryGetValue(storageKey, out var map))
            {
                return [];
            }
            return [.. map.Where(kv => ns is null || kv.Key.StartsWith(ns + "/", StringComparison.Ordinal))
                .Select(kv => (JsonObject)kv.Value.DeepClone())];
        }
    }

    /// <summary>Every stored object with its storage key (used by garbage collection).</summary>
    public IReadOnlyList<(string StorageKey, JsonObject Object)> All()
    {
        lock (Gate)
        {
            return [.. _objects.SelectMany(r => r.Value.Values.Select(o => (r.Key, (JsonObject)o.DeepClone())))];
        }
    }

    /// <summary>Stores the object with a new resourceVersion and records the event; returns the stored copy.</summary>
    public JsonObject Put(string storageKey, JsonObject obj, string eventType)
    {
        lock (Gate)
        {
            var metadata = Metadata(obj);
            var rv = ++_resourceVersion;
            metadata["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var ns = metadata["namespace"]?.GetValue<string>();
            var name = metadata["name"]!.GetValue<string>();
            if (!_objects.TryGetValue(storageKey, out var map))
            {
                _objects[storageKey] = map = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            }
            map.TryGetValue(Key(ns, name), out var previous);
            map[Key(ns, name)] = (JsonObject)obj.DeepClone();
            var json = obj.ToJsonString();
            Journal(storageKey, Key(ns, name), json);
            Record(new StoredEvent(rv, storageKey, ns, eventType, json, previous?.ToJsonString()));
            return (JsonObject)obj.DeepClone();
        }
    }

    /// <summary>Removes the object; the DELETED event carries it with a fresh resourceVersion.</summary>
    public JsonObject? Remove(string storageKey, string? ns, string name, JsonObject? finalState = null)
    {
        lock (Gate)
        {
            if (!_objects.TryGetValue(storageKey, out var map) || !map.Remove(Key(ns, name), out var obj))
            {
                return null;
            }
            obj = (JsonObject?)finalState?.DeepClone() ?? obj;
            var rv = ++_resourceVersion;
            Metadata(obj)["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Journal(storageKey, Key(ns, name), null);
            Record(new StoredEvent(rv, storageKey, ns, "DELETED", obj.ToJsonString()));
            return obj;
        }
    }

    /// <summary>
    /// Registers a watcher and returns the events after <paramref name="sinceVersion"/> that it
    /// must replay first, atomically so nothing is missed or doubled. Null when the version is
    /// older than the kept history (410 Gone).
    /// </summary>
    public (Watcher Watcher, IReadOnlyList<StoredEvent> Replay)? Watch(string storageKey, string? ns, long? sinceVersion)
    {
        lock (Gate)
        {
            IReadOnlyList<StoredEvent> replay = [];
            if (sinceVersion is { } since)
            {
                if (since < _forgottenThrough)
                {
                    return null;
                }
                replay = [.. _history.Where(e => e.ResourceVersion > since && Matches(e, storageKey, ns))];
            }
            var watcher = new Watcher(storageKey, ns);
            _watchers.Add(watcher);
            return (watcher, replay);
        }
    }

    public void Unwatch(Watcher watcher)
    {
        lock (Gate)
        {
            _watchers.Remove(watcher);
        }
        watcher.Events.Writer.TryComplete();
    }

    public void DropAllWatches()
    {
        List<Watcher> watchers;
        lock (Gate)
        {
            watchers = [.. _watchers];
            _watchers.Clear();
        }
        foreach (var watcher in watchers)
        {
            watcher.Events.Writer.TryComplete();
        }
    }

    public void CompactHistory()
    {
        lock (Gate)
        {
            _history.Clear();
            _forgottenThrough = _resourceVersion;
        }
    }

    /// <summary>
    /// Journals the changes made since the last call as one record and returns once the operating
    /// system holds it (a no-op without a state folder or without changes); compacts the journal
    /// into a snapshot when it has grown past a multiple of the live size.
    /// </summary>
    public void Save()
    {
        if (_journal is null)
        {
            return;
        }
        lock (Gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }
            _journal.Append(_resourceVersion, _pending);
            _pending.Clear();
            if (_journal.ShouldCompact(_liveBytes))
            {
                _journal.Compact(_resourceVersion, _objects.SelectMany(r => r.Value.Values.Select(o => (r.Key, o))));
            }
        }
    }

    /// <summary>Journals what is pending and closes the journal.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            Save();
            _journal?.Dispose();
        }
    }

    private void Load(JournalState state)
    {
        _resourceVersion = state.ResourceVersion;
        _forgottenThrough = _resourceVersion;
        foreach (var (key, obj) in state.Objects)
        {
            var metadata = Metadata(obj);
            if (!_objects.TryGetValue(key, out var map))
            {
                _objects[key] = map = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            }
            var objectKey = Key(metadata["namespace"]?.GetValue<string>(), metadata["name"]!.GetValue<string>());
            map[objectKey] = obj;
            Track(key, objectKey, obj.ToJsonString().Length);
        }
    }

    private void Journal(string storageKey, string objectKey, string? json)
    {
        if (_journal is null)
        {
            return;
        }
        _pending.Add(new JournalChange(storageKey, objectKey, json));
        Track(storageKey, objectKey, json?.Length);
    }

    private void Track(string storageKey, string objectKey, int? size)
    {
        if (_sizes.Remove((storageKey, objectKey), out var old))
        {
            _liveBytes -= old;
        }
        if (size is { } bytes)
        {
            _sizes[(storageKey, objectKey)] = bytes;
            _liveBytes += bytes;
        }
    }

    private void Record(StoredEvent stored)
    {
        _history.AddLast(stored);
        while (_history.Count > _historySize)
        {
            _forgottenThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }
        foreach (var watcher in _watchers)
        {
            if (Matches(stored, watcher.StorageKey, watcher.Namespace))
            {
                watcher.Events.Writer.TryWrite(stored);
            }
        }
    }

    private static bool Matches(StoredEvent stored, string storageKey, string? ns) =>
        stored.StorageKey == storageKey && (ns is null || stored.Namespace == ns);

    private static JsonObject Metadata(JsonObject obj) =>
        obj["metadata"] as JsonObject ?? throw new InvalidOperationException("object without metadata");

    internal sealed class Watcher(string storageKey, string? ns)
    {
        public string StorageKey { get; } = storageKey;
        public string? Namespace { get; } = ns;
        public Channel<StoredEvent> Events { get; } = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });
    }
}
