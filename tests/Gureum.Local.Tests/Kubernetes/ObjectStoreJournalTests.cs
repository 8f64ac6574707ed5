using System.Text;
using System.Text.Json.Nodes;
using Gureum.Local.Kubernetes;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>The store's state folder: a journal record per write, replay, a torn tail, compaction, the older objects.json.</summary>
public sealed class ObjectStoreJournalTests : IDisposable
{
    private const string Widgets = "test.gureum.io/widgets";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gureum-journal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private string JournalPath => Path.Combine(_dir, StateJournal.JournalFileName);

    private string SnapshotPath => Path.Combine(_dir, StateJournal.SnapshotFileName);

    private static JsonObject Widget(string name, int size) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["size"] = size },
    };

    private ObjectStore Open() => new(historySize: 100, _dir);

    private static void Write(ObjectStore store, Action<ObjectStore> change)
    {
        lock (store.Gate)
        {
            change(store);
            store.Save();
        }
    }

    private static int SizeOf(ObjectStore store, string name) =>
        store.Get(Widgets, "default", name)!["spec"]!["size"]!.GetValue<int>();

    [Fact]
    public void Each_write_appends_one_record_and_a_restart_replays_them()
    {
        using (var store = Open())
        {
            Write(store, s => s.Put(Widgets, Widget("a", 1), "ADDED"));
            Write(store, s => s.Put(Widgets, Widget("b", 2), "ADDED"));
            Write(store, s => s.Put(Widgets, Widget("a", 3), "MODIFIED"));
            Write(store, s => s.Remove(Widgets, "default", "b"));
            Assert.Equal(4, File.ReadAllLines(JournalPath).Length);
            Assert.False(File.Exists(SnapshotPath));
        }
        using var reopened = Open();
        Assert.Equal(3, SizeOf(reopened, "a"));
        Assert.Null(reopened.Get(Widgets, "default", "b"));
        Assert.Equal(4, reopened.ResourceVersion);
    }

    [Fact]
    public void The_changes_of_one_write_form_one_record()
    {
        using (var store = Open())
        {
            Write(store, s =>
            {
                s.Put(Widgets, Widget("a", 1), "ADDED");
                s.Put(Widgets, Widget("b", 2), "ADDED");
            });
            Assert.Single(File.ReadAllLines(JournalPath));
        }
        using var reopened = Open();
        Assert.Equal(2, reopened.List(Widgets, null).Count);
    }

    [Fact]
    public void A_torn_last_record_is_dropped_and_the_journal_goes_on_after_it()
    {
        using (var store = Open())
        {
            Write(store, s => s.Put(Widgets, Widget("a", 1), "ADDED"));
            Write(store, s => s.Put(Widgets, Widget("b", 2), "ADDED"));
        }
        // Cut the last record short, as a kill in the middle of its write would.
        var bytes = File.ReadAllBytes(JournalPath);
        var lastStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        File.WriteAllBytes(JournalPath, bytes[..(lastStart + (bytes.Length - lastStart) / 2)]);

        using (var store = Open())
        {
            Assert.Equal(1, SizeOf(store, "a"));
            Assert.Null(store.Get(Widgets, "default", "b"));
            Write(store, s => s.Put(Widgets, Widget("c", 3), "ADDED"));
        }
        using var reopened = Open();
        Assert.Equal(["a", "c"], reopened.List(Widgets, null).Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(2, File.ReadAllLines(JournalPath).Length);
    }

    [Fact]
    public void A_damaged_record_with_records_after_it_stops_the_start_naming_the_file()
    {
        using (var store = Open())
        {
            Write(store, s => s.Put(Widgets, Widget("a", 1), "ADDED"));
            Write(store, s => s.Put(Widgets, Widget("b", 2), "ADDED"));
        }
        var lines = File.ReadAllLines(JournalPath);
        File.WriteAllText(JournalPath, lines[0][..10] + "\n" + lines[1] + "\n");
        var error = Assert.Throws<InvalidDataException>(Open);
        Assert.Contains(StateJournal.JournalFileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_journal_is_compacted_into_a_snapshot_once_it_outgrows_the_live_objects()
    {
        var padding = new string('x', 10_000);
        int compactions;
        using (var store = Open())
        {
            // One object rewritten over and over: the live size stays ~10 KB while the journal grows.
            for (var i = 0; i < 1000; i++)
            {
                var widget = Widget("a", i);
                widget["spec"]!["padding"] = padding;
                Write(store, s => s.Put(Widgets, widget, "MODIFIED"));
            }
            compactions = store.Compactions;
            Assert.True(new FileInfo(JournalPath).Length <= StateJournal.MinimumCompactionBytes + 20_000);
        }
        Assert.True(compactions >= 2, $"{compactions} compactions");
        Assert.True(File.Exists(SnapshotPath));
        using var reopened = Open();
        Assert.Equal(999, SizeOf(reopened, "a"));
        Assert.Equal(1000, reopened.ResourceVersion);
    }

    [Fact]
    public void Records_already_in_the_snapshot_are_not_replayed_over_it()
    {
        // A kill between writing the snapshot and emptying the journal leaves both.
        Directory.CreateDirectory(_dir);
        File.WriteAllText(SnapshotPath, """
            {"resourceVersion":5,"objects":[{"storageKey":"test.gureum.io/widgets","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"5"},"spec":{"size":5}}}]}
            """);
        File.WriteAllText(JournalPath,
            """{"rv":4,"changes":[{"storageKey":"test.gureum.io/widgets","key":"default/a","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"4"},"spec":{"size":4}}}]}""" + "\n" +
            """{"rv":6,"changes":[{"storageKey":"test.gureum.io/widgets","key":"default/b","object":{"metadata":{"name":"b","namespace":"default","resourceVersion":"6"},"spec":{"size":6}}}]}""" + "\n");
        using var store = Open();
        Assert.Equal(5, SizeOf(store, "a"));
        Assert.Equal(6, SizeOf(store, "b"));
        Assert.Equal(6, store.ResourceVersion);
    }

    [Fact]
    public void An_objects_json_written_by_an_older_version_loads_and_later_writes_go_to_the_journal()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(SnapshotPath, """
            {"resourceVersion":7,"objects":[{"storageKey":"test.gureum.io/widgets","object":{"metadata":{"name":"old","namespace":"default","resourceVersion":"7"},"spec":{"size":7}}}]}
            """, Encoding.UTF8);
        var before = File.ReadAllText(SnapshotPath);
        using (var store = Open())
        {
            Assert.Equal(7, SizeOf(store, "old"));
            Write(store, s => s.Put(Widgets, Widget("new", 8), "ADDED"));
            Assert.Equal(8, store.ResourceVersion);
        }
        Assert.Equal(before, File.ReadAllText(SnapshotPath));
        using var reopened = Open();
        Assert.Equal(7, SizeOf(reopened, "old"));
        Assert.Equal(8, SizeOf(reopened, "new"));
    }

    [Fact]
    public void With_sync_to_disk_writes_are_journaled_the_same_way()
    {
        using (var store = new ObjectStore(historySize: 10, _dir, syncToDisk: true))
        {
            Write(store, s => s.Put(Widgets, Widget("a", 1), "ADDED"));
        }
        using var reopened = Open();
        Assert.Equal(1, SizeOf(reopened, "a"));
    }
}
