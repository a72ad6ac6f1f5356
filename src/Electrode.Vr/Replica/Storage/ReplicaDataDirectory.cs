using System.Security.Cryptography;
using System.Text;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Replica.Storage;

/// <summary>
/// The data directory of one replica of one cluster: it tells a process whether this replica has run before. VR keeps
/// its log in memory, so a replica that has run before lost its state when its process ended and must come back
/// recovering (relearn its log from the others before answering anything); only its very first start may begin
/// normal. Opening the directory takes an exclusive lock for the life of the process, checks that it belongs to
/// this cluster and index, and records the new incarnation on disk before the replica sends anything.
/// </summary>
public sealed class ReplicaDataDirectory : IDisposable
{
    private const string LockFileName = "replica.lock";

    private readonly FileStream lockFile;

    private ReplicaDataDirectory(string path, ulong incarnation, FileStream lockFile)
    {
        Path = path;
        Incarnation = incarnation;
        this.lockFile = lockFile;
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>How many processes have started as this replica, this one included (1 on the very first start).</summary>
    public ulong Incarnation { get; }

    /// <summary>True on the replica's very first start: it may begin normal. Any later start must recover.</summary>
    public bool IsFirstStart => Incarnation == 1;

    /// <summary>
    /// Where replica <paramref name="index"/> of <paramref name="configuration"/> keeps its state unless told
    /// otherwise: under <c>/var/lib/electrode</c> for root, else under <c>$XDG_STATE_HOME</c> (or
    /// <c>~/.local/state</c>)<c>/electrode</c>, in a folder named for the cluster's addresses, so that two clusters
    /// on one machine never share state.
    /// </summary>
    public static string DefaultPath(ClusterConfiguration configuration, int index)
    {
        string root = Environment.IsPrivilegedProcess
            ? "/var/lib/electrode"
            : System.IO.Path.Combine(
                Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state
                    ? state
                    : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state"),
                "electrode");
        return System.IO.Path.Combine(root, $"cluster-{Fingerprint(configuration)}", $"replica-{index}");
    }

    /// <summary>
    /// Opens (creating it if needed) the data directory of replica <paramref name="index"/> at <paramref name="path"/>,
    /// locks it, and records this start as a new incarnation.
    /// </summary>
    /// <exception cref="ReplicaDataDirectoryException">
    /// The directory cannot be created or written, another process holds it, or it belongs to another cluster or index.
    /// </exception>
    public static ReplicaDataDirectory Open(string path, ClusterConfiguration configuration, int index)
    {
        var fingerprint = Fingerprint(configuration);
        FileStream lockFile;
        try
        {
            Directory.CreateDirectory(path);
            lockFile = new FileStream(System.IO.Path.Combine(path, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (Directory.Exists(path) && File.Exists(System.IO.Path.Combine(path, LockFileName)))
        {
            throw new ReplicaDataDirectoryException(
                $"another process is running as replica {index} with data directory {path} ({e.Message}); stop it first", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReplicaDataDirectoryException($"cannot use {path} as the data directory: {e.Message}; pass a writable --data-dir", e);
        }

        try
        {
            var previous = ReplicaIncarnationFile.Read(path);
            if (previous is not null && (previous.Cluster != fingerprint || previous.Index != index))
                throw new ReplicaDataDirectoryException(
                    $"{path} belongs to replica {previous.Index} of cluster {previous.Cluster}, not to replica {index} of " +
                    $"cluster {fingerprint} (this cluster file); give each replica of each cluster its own --data-dir");
            var incarnation = (previous?.Incarnation ?? 0) + 1;
            new ReplicaIncarnationFile(ReplicaIncarnationFile.CurrentFormat, fingerprint, index, incarnation).Write(path);
            return new ReplicaDataDirectory(path, incarnation, lockFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lockFile.Dispose();
            throw new ReplicaDataDirectoryException($"cannot record this start in {path}: {e.Message}", e);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A recovery nonce that no other incarnation of this replica uses: the incarnation in the high 32 bits, random
    /// low bits (a response to an earlier incarnation's Recovery must never count for this one).
    /// </summary>
    public ulong NewRecoveryNonce() =>
        (Incarnation << 32) | BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));

    /// <summary>Short identity of a cluster: a hash of its replicas' addresses in index order.</summary>
    public static string Fingerprint(ClusterConfiguration configuration)
    {
        var text = string.Join('\n', configuration.Replicas.Select(r => r.Address.ToString()));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    /// <summary>Releases the lock; the recorded incarnation stays, so the next start recovers.</summary>
    public void Dispose() => lockFile.Dispose();
}
