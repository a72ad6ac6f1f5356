using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// Where the compiler server of this very compiler listens: a Unix socket in a directory only this user can enter,
/// named by a hash of the compiler's own assemblies (their bytes) and of its directory. A rebuilt or upgraded compiler
/// therefore gets a server of its own, and a client never reaches a server that runs other code than it would.
/// </summary>
internal sealed record CompilerServerEndpoint(string SocketPath, string LockPath)
{
    /// <summary>Where the listening server writes its process id (for tools that measure or watch it).</summary>
    public string ProcessIdPath => Path.ChangeExtension(SocketPath, ".pid");

    /// <summary>Environment variable naming the directory of the sockets (default: $XDG_RUNTIME_DIR, else the temporary directory).</summary>
    public const string DirectoryVariable = "BPFSHARP_SERVER_DIR";

    /// <summary>The endpoint of the compiler whose assemblies are loaded in this process.</summary>
    public static CompilerServerEndpoint ForThisCompiler()
    {
        var compiler = typeof(CompilerServerEndpoint).Assembly;
        string directory = Path.GetDirectoryName(compiler.Location)!;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(directory));
        foreach (var assembly in new[] { compiler, typeof(BpfProgramAttribute).Assembly })
            hash.AppendData(File.ReadAllBytes(assembly.Location));
        // Roslyn is large; its identity (version and size on disk) stands for its bytes.
        foreach (var assembly in new[] { typeof(Microsoft.CodeAnalysis.Compilation).Assembly, typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly })
            hash.AppendData(Encoding.UTF8.GetBytes($"{assembly.FullName}|{new FileInfo(assembly.Location).Length}|{ModuleVersion(assembly)}"));
        string name = Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
        string root = Path.Combine(SocketRoot(), $"bpfsharp-{Environment.UserName}");
        return new CompilerServerEndpoint(Path.Combine(root, name + ".sock"), Path.Combine(root, name + ".lock"));
    }

    /// <summary>
    /// True when the socket path fits a Unix socket address (107 bytes on Linux), so that a server can listen on it; else
    /// <paramref name="reason"/> says what to do.
    /// </summary>
    public bool FitsASocketAddress([NotNullWhen(false)] out string? reason)
    {
        try
        {
            _ = new UnixDomainSocketEndPoint(SocketPath);
            reason = null;
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            reason = $"its socket path '{SocketPath}' ({Encoding.UTF8.GetByteCount(SocketPath)} bytes) is longer than a Unix "
                + $"socket address holds; set {DirectoryVariable} to a shorter directory";
            return false;
        }
    }

    /// <summary>Creates the socket directory, readable and writable by this user only.</summary>
    public void CreateDirectory()
    {
        string directory = Path.GetDirectoryName(SocketPath)!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static Guid ModuleVersion(Assembly assembly) => assembly.ManifestModule.ModuleVersionId;

    private static string SocketRoot()
    {
        foreach (string variable in new[] { DirectoryVariable, "XDG_RUNTIME_DIR" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given && Directory.Exists(given))
                return given;
        return Path.GetTempPath();
    }
}
