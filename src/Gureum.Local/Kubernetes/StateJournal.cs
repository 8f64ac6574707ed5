using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes;

/// <summary>One stored object put (with its JSON) or removed, as a journal record holds it.</summary>
internal sealed record JournalChange(string StorageKey, string ObjectKey, string? ObjectJson)
{
    public bool IsRemoval => ObjectJson is null;
}

/// <summary>What a state folder held at start: the objects by storage key and object key, and the resourceVersion.</summary>
internal sealed record JournalState(long ResourceVersion, IReadOnlyList<(string StorageKey, JsonObject Object)> Objects);

/// <summary>
/// The sandbox's persistence, written in proportion to each change. Two files in the state folder:
/// <list type="bullet">
/// <item><c>objects.json</c>, a snapshot: <c>{"resourceVersion": N, "objects": [{"storageKey", "object"}]}</c>,
/// the format older versions rewrote whole on every write (so their state folders load unchanged);</item>
/// <item><c>objects.journal</c>, one line per committed write after the snapshot:
/// <c>{"rv": N, "changes": [{"storageKey", "key", "object"}]}</c>, where a change without
/// <c>object</c> removes the key. A write is acknowledged only after its line was handed to the
/// operating system (and, with <c>syncToDisk</c>, fsync'ed), so killing the process loses nothing
/// acknowledged.</item>
/// </list>
/// On start the snapshot is read and the journal replayed over it (records at or below the
/// snapshot's resourceVersion are skipped: a compaction cut short leaves them behind). A torn last
/// line (no newline, or not JSON) was never acknowledged: it is dropped and the file cut back.
/// When the journal grows past <see cref="CompactionFactor"/> times the live size (and past
/// <see cref="MinimumCompactionBytes"/>), the live objects are written as a new snapshot (temp
/// file, fsync, rename) and the journal emptied; so the work per write stays proportional to it.
/// </summary>
internal sealed class StateJournal : IDisposable
{
    public const string SnapshotFileName = "objects.json";
    public const string JournalFileName = "objects.journal";
    public const int CompactionFactor = 4;
    public const long MinimumCompactionBytes = 4L * 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };
    private readonly string _snapshotPath;
    private readonly FileStream _journal;
    private readonly bool _syncToDisk;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    private StateJournal(string snapshotPath, FileStream journal, bool syncToDisk)
    {
        _snapshotPath = snapshotPath;
        _journal = journal;
        _syncToDisk = syncToDisk;
    }

    /// <summary>Bytes in the journal since the last snapshot.</summary>
    public long JournalBytes => _journal.Length;

    /// <summary>Snapshots written since start (for tests and figures).</summary>
    public int Compactions { get; private set; }

    /// <summary>Opens (creating) the state folder's files and reads the state they hold.</summary>
    public static (StateJournal Journal, JournalState State) Open(string stateDir, bool syncToDisk)
    {
        Directory.CreateDirectory(stateDir);
        var snapshotPath = Path.Combine(stateDir, SnapshotFileName);
        var objects = new Dictionary<(string StorageKey, string ObjectKey), JsonObject>();
        var resourceVersion = ReadSnapshot(snapshotPath, objects);
        var snapshotVersion = resourceVersion;
        var journalPath = Path.Combine(stateDir, JournalFileName);
        var journal = new FileStream(journalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            var validEnd = Replay(journal, journalPath, snapshotVersion, objects, ref resourceVersion);
            if (validEnd < journal.Length)
            {
                journal.SetLength(validEnd); // the torn tail: never acknowledged
            }
            journal.Seek(0, SeekOrigin.End);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
        var state = new JournalState(resourceVersion, [.. objects.Select(o => (o.Key.StorageKey, o.Value))]);
        return (new StateJournal(snapshotPath, journal, syncToDisk), state);
    }

    /// <summary>Appends one record holding every change of one write; returns once the operating system has it.</summary>
    public void Append(long resourceVersion, IReadOnlyList<JournalChange> changes)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("rv", resourceVersion);
            writer.WriteStartArray("changes");
            foreach (var change in changes)
            {
                writer.WriteStartObject();
                writer.WriteString("storageKey", change.StorageKey);
                writer.WriteString("key", change.ObjectKey);
                if (change.ObjectJson is { } json)
                {
                    writer.WritePropertyName("object");
                    writer.WriteRawValue(json, skipInputValidation: true);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        _buffer.Write("\n"u8);
        // One write(2) per record: a kill can tear only this last line, which replay drops.
        _journal.Write(_buffer.WrittenSpan);
        _journal.Flush(_syncToDisk);
    }

    /// <summary>True when the journal has grown past <see cref="CompactionFactor"/> times <paramref name="liveBytes"/>.</summary>
    public bool ShouldCompact(long liveBytes) =>
        _journal.Length > Math.Max(MinimumCompactionBytes, CompactionFactor * liveBytes);

    /// <summary>Writes the live objects as the new snapshot, durably, then empties the journal.</summary>
    public void Compact(long resourceVersion, IEnumerable<(string StorageKey, JsonObject Object)> objects)
    {
        var temp = _snapshotPath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            using (var writer = new Utf8JsonWriter(file))
            {
                writer.WriteStartObject();
                writer.WriteNumber("resourceVersion", resourceVersion);
                writer.WriteStartArray("objects");
                foreach (var (storageKey, obj) in objects)
                {
                    writer.WriteStartObject();
                    writer.WriteString("storageKey", storageKey);
                    writer.WritePropertyName("object");
                    obj.WriteTo(writer);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, _snapshotPath, overwrite: true);
        // A kill before this line leaves journal records at or below the snapshot's version: replay skips them.
        _journal.SetLength(0);
        _journal.Flush(_syncToDisk);
        Compactions++;
    }

    public void Dispose() => _journal.Dispose();

    private static long ReadSnapshot(string path, Dictionary<(string, string), JsonObject> objects)
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        var state = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new JsonException($"{path} is not a JSON object");
        foreach (var entry in (state["objects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var obj = (JsonObject)entry["object"]!.DeepClone();
            objects[(entry["storageKey"]!.GetValue<string>(), ObjectKeyOf(obj))] = obj;
        }
        return state["resourceVersion"]?.GetValue<long>() ?? 0;
    }

    /// <summary>Applies every complete record after the snapshot; returns where the valid records end.</summary>
    private static long Replay(FileStream journal, string path, long snapshotVersion, Dictionary<(string, string), JsonObject> objects, ref long resourceVersion)
    {
        journal.Seek(0, SeekOrigin.Begin);
        var bytes = new byte[journal.Length];
        journal.ReadExactly(bytes);
        long position = 0;
        while (position < bytes.Length)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', (int)position);
            if (newline < 0)
            {
                return position; // torn: the line never ended
            }
            JsonObject record;
            try
            {
                record = JsonNode.Parse(bytes.AsSpan((int)position, newline - (int)position)) as JsonObject
                    ?? throw new JsonException("not an object");
            }
            catch (JsonException) when (newline == bytes.Length - 1)
            {
                return position; // torn: the last line is not whole
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{path}: record at byte {position} is damaged and records follow it; move the file away to start from the snapshot.", exception);
            }
            var rv = record["rv"]!.GetValue<long>();
            if (rv > snapshotVersion)
            {
                foreach (var change in (record["changes"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var key = (change["storageKey"]!.GetValue<string>(), change["key"]!.GetValue<string>());
                    if (change["object"] is JsonObject obj)
                    {
                        change.Remove("object");
                        objects[key] = obj;
                    }
                    else
                    {
                        objects.Remove(key);
                    }
                }
                resourceVersion = Math.Max(resourceVersion, rv);
            }
            position = newline + 1;
        }
        return position;
    }

    /// <summary>namespace/name, as <see cref="ObjectStore.Key"/> makes it.</summary>
    private static string ObjectKeyOf(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? throw new JsonException("object without metadata");
        return ObjectStore.Key(metadata["namespace"]?.GetValue<string>(), metadata["name"]!.GetValue<string>());
    }
}
