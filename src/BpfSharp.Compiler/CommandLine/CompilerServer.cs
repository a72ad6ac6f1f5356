using System.Net.Sockets;
using System.Runtime.InteropServices;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// The long-lived compiler process: listens on its <see cref="CompilerServerEndpoint"/>, runs one compile at a time
/// exactly as a fresh process would (in the client's working directory, every source and reference read again from
/// disk), and exits after an idle period. It keeps loaded code and the metadata of referenced assemblies, the latter
/// reused only while a reference's bytes hash the same (<see cref="MetadataReferenceCache"/>). Compiles run one after
/// another: concurrent builds queue on the socket, since the working directory is the process's.
/// </summary>
internal static partial class CompilerServer
{
    /// <summary>Environment variable with the idle time, in seconds, after which the server exits (default 600).</summary>
    public const string IdleVariable = "BPFSHARP_SERVER_IDLE_SECONDS";

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Referenced assemblies kept across compiles, so Roslyn reuses their symbols; checked by content hash on each use.</summary>
    private static readonly MetadataReferenceCache References = new();
    private static readonly TimeSpan LockRetryInterval = TimeSpan.FromMilliseconds(50);
    private const int LockAttempts = 60;

    /// <summary>
    /// Serves until idle, after compiling <paramref name="warmUp"/> once without writing anything when given (the build
    /// that started the server, whose next build then finds it warm; requests that come meanwhile wait on the socket);
    /// returns 0, also when another server of the same compiler already runs.
    /// </summary>
    public static int Run(CompilerServerEndpoint endpoint, CompileRequest? warmUp)
    {
        LeaveTheClientsSession();
        endpoint.CreateDirectory();
        if (TakeLock(endpoint) is not { } lockFile) return 0;

        using (lockFile)
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            File.Delete(endpoint.SocketPath);
            listener.Bind(new UnixDomainSocketEndPoint(endpoint.SocketPath));
            listener.Listen(64);
            File.WriteAllText(endpoint.ProcessIdPath, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                if (warmUp is not null)
                    WarmUp(warmUp);
                Serve(listener, IdleTime(), endpoint);
            }
            finally
            {
                File.Delete(endpoint.SocketPath);
                File.Delete(endpoint.ProcessIdPath);
            }
        }
        return 0;
    }

    /// <summary>
    /// The server's lock, held for its life: .NET takes an exclusive flock for FileShare.None, which the kernel releases
    /// when the process dies, so a socket file left by a crash is known stale and replaced. A server that is stopping
    /// holds it a moment longer, hence the wait; null when another server keeps it (and serves), at once when that one
    /// already listens (two first builds each started a server).
    /// </summary>
    private static FileStream? TakeLock(CompilerServerEndpoint endpoint)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(endpoint.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < LockAttempts)
            {
                if (CompilerServerClient.IsListening(endpoint)) return null;
                Thread.Sleep(LockRetryInterval);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    private static void Serve(Socket listener, TimeSpan idle, CompilerServerEndpoint endpoint)
    {
        string home = Environment.CurrentDirectory;
        while (true)
        {
            using var idleTimer = new CancellationTokenSource(idle);
            Socket client;
            try
            {
                client = listener.AcceptAsync(idleTimer.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                client.ReceiveTimeout = (int)ClientTimeout.TotalMilliseconds;
                if (!Answer(client, home, endpoint)) return;
            }
        }
    }

    /// <summary>Answers one connection; false when it asked the server to stop.</summary>
    private static bool Answer(Socket client, string home, CompilerServerEndpoint endpoint)
    {
        using var stream = new NetworkStream(client);
        CompileRequest request;
        try
        {
            request = CompilerServerProtocol.ReadRequest(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
        {
            return true;
        }

        if (request.Shutdown)
        {
            // Gone from the file system before the answer: a client that starts next starts a new server.
            File.Delete(endpoint.SocketPath);
            TryRespond(stream, new CompileResponse(CompilerCommand.Success, ""));
            return false;
        }

        TryRespond(stream, Compile(request, home));
        return true;
    }

    private static void WarmUp(CompileRequest request)
    {
        string home = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = request.WorkingDirectory;
            CompilerCommand.WarmUp(CompilerArguments.Parse(request.Arguments), References);
        }
        catch (Exception e) when (e is CommandLineException or IOException or UnauthorizedAccessException)
        {
            // Nothing to warm up with: the first request will be a cold compile, as without a warm-up.
        }
        finally
        {
            Environment.CurrentDirectory = home;
        }
    }

    private static CompileResponse Compile(CompileRequest request, string home)
    {
        var output = new StringWriter();
        try
        {
            Environment.CurrentDirectory = request.WorkingDirectory;
            int exit = CompilerCommand.Run(request.Arguments, output, References);
            return new CompileResponse(exit, output.ToString());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var diagnostic = Diagnostic.Create(BpfDiagnostics.FileError, Location.None,
                $"the compiler server cannot work in '{request.WorkingDirectory}': {e.Message}");
            return new CompileResponse(CompilerCommand.Failure, MSBuildDiagnosticFormat.Format(diagnostic, home) + Environment.NewLine);
        }
        finally
        {
            Environment.CurrentDirectory = home;
        }
    }

    private static void TryRespond(Stream stream, CompileResponse response)
    {
        try
        {
            CompilerServerProtocol.WriteResponse(stream, response);
        }
        catch (IOException)
        {
            // The client went away (its build was cancelled); the next one is served all the same.
        }
    }

    private static TimeSpan IdleTime() =>
        int.TryParse(Environment.GetEnvironmentVariable(IdleVariable), out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromMinutes(10);

    /// <summary>Out of the build's session and process group, so that Ctrl+C on a build does not stop the server mid-compile.</summary>
    private static void LeaveTheClientsSession() => _ = SetSid();

    [LibraryImport("libc", EntryPoint = "setsid")]
    private static partial int SetSid();
}
