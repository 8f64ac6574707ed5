namespace Gureum.Operator.Local;

/// <summary>
/// One <c>gureum local</c> per state folder. The lock is an exclusive OS lock on
/// <c>gureum.lock</c> (FileShare.None: flock on Unix, a share lock on Windows) held for the whole
/// run; the OS drops it when the process ends in any way, SIGKILL included, so a stale lock
/// never blocks the next start. The lock file itself stays empty: the holder is described in
/// <see cref="LocalInstance"/>, which others can read while the lock is held.
/// </summary>
internal sealed class StateFolderLock : IDisposable
{
    public const string FileName = "gureum.lock";

    private readonly FileStream _lock;

    private StateFolderLock(FileStream held) => _lock = held;

    /// <summary>Takes the lock, or throws a one-line <see cref="Hosting.StartupException"/> naming the
    /// folder and the running holder. Creates the folder and an empty lock file, and changes nothing else.</summary>
    public static StateFolderLock Acquire(string stateDir)
    {
        Directory.CreateDirectory(stateDir);
        try
        {
            // OpenOrCreate never truncates: a refused second instance leaves the file as it was.
            return new StateFolderLock(new FileStream(Path.Combine(stateDir, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException exception)
        {
            throw new Hosting.StartupException(InUseMessage(stateDir, LocalInstance.Read(stateDir)), exception);
        }
    }

    /// <summary>Pure: the refusal, naming the folder, the holder's pid and its Kubernetes API address.</summary>
    public static string InUseMessage(string stateDir, LocalInstance? holder)
    {
        var who = holder switch
        {
            null => "another gureum local (still starting)",
            { KubernetesApi: null } => $"another gureum local (pid {holder.Pid}, still starting)",
            _ => $"another gureum local (pid {holder.Pid}, Kubernetes API {holder.KubernetesApi.ToString().TrimEnd('/')})",
        };
        return $"The state folder {stateDir} is in use by {who}; stop it, or pass --state-dir to use another folder";
    }

    public void Dispose() => _lock.Dispose();
}
