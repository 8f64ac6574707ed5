using Gureum.Operator.Hosting;
using Gureum.Operator.Local;
using Xunit;

namespace Gureum.Operator.Tests.Local;

public sealed class StateFolderLockTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("gureum-lock-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public void A_second_holder_is_refused_naming_the_folder_and_the_first_and_nothing_changes()
    {
        using var first = StateFolderLock.Acquire(_stateDir);
        new LocalInstance(4242, new Uri("https://127.0.0.1:6443/"), new Uri("http://127.0.0.1:4566/")).Write(_stateDir);
        var before = Snapshot();

        // flock locks belong to an open file, so a second open in this process is refused as another process would be.
        var refused = Assert.Throws<StartupException>(() => StateFolderLock.Acquire(_stateDir));

        Assert.Equal(
            $"The state folder {_stateDir} is in use by another gureum local (pid 4242, Kubernetes API https://127.0.0.1:6443); " +
            "stop it, or pass --state-dir to use another folder",
            refused.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void Released_lock_can_be_taken_again()
    {
        StateFolderLock.Acquire(_stateDir).Dispose();
        using var again = StateFolderLock.Acquire(_stateDir);
    }

    [Fact]
    public void A_holder_still_starting_is_named_by_pid_or_not_at_all()
    {
        Assert.Contains("(pid 7, still starting)", StateFolderLock.InUseMessage("/s", new LocalInstance(7, null, null)), StringComparison.Ordinal);
        Assert.Contains("another gureum local (still starting)", StateFolderLock.InUseMessage("/s", null), StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_file_round_trips_and_a_broken_one_reads_as_none()
    {
        var instance = new LocalInstance(12, new Uri("https://127.0.0.1:1234/"), null);
        instance.Write(_stateDir);
        Assert.Equal(instance, LocalInstance.Read(_stateDir));
        File.WriteAllText(Path.Combine(_stateDir, LocalInstance.FileName), "{ half");
        Assert.Null(LocalInstance.Read(_stateDir));
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_stateDir, "*", SearchOption.AllDirectories)
            .ToDictionary(path => path, Contents);

    /// <summary>The held lock file cannot be opened by anyone else (that is the point): its size and time stand for it.</summary>
    private static string Contents(string path) =>
        Path.GetFileName(path) == "gureum.lock"
            ? $"{new FileInfo(path).Length} bytes, written {File.GetLastWriteTimeUtc(path):O}"
            : Convert.ToHexString(File.ReadAllBytes(path));
}
