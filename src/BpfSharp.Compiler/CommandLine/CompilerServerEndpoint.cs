using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// Where the compiler server of this very compiler listens: a Unix socket in a directory only this user can enter,
/// named by a hash of its directory and of the identity of the compiler's own assemblies and Roslyn's (name, version and
/// module version id, which a deterministic build derives from the assembly's content). A rebuilt or upgraded compiler
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
        var identity = new StringBuilder(Path.GetDirectoryName(compiler.Location));
        foreach (var assembly in new[]
                 {
                     compiler, typeof(BpfProgramAttribute).Assembly,
                     typeof(Microsoft.CodeAnalysis.Compilation).Assembly, typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly,
                 })
            identity.Append('|').Append(assembly.FullName).Append('|').Append(new FileInfo(assembly.Location).Length).Append('|').Append(ModuleVersion(assembly));
        string name = Fnv1a(Encoding.UTF8.GetBytes(identity.ToString())).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>
    /// 64-bit FNV-1a: the socket's name, not a secret (the directory is this user's alone), so no cryptographic hash
    /// and no reading of the assemblies' bytes before the first build's compile can start.
    /// </summary>
    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 0xcbf29ce484222325;
        foreach (byte value in bytes)
            hash = (hash ^ value) * 0x100000001b3;
        return hash;
    }

    private static string SocketRoot()
    {
        foreach (string variable in new[] { DirectoryVariable, "XDG_RUNTIME_DIR" })
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given && Directory.Exists(given))
                return given;
        return Path.GetTempPath();
    }
}
