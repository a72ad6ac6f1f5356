using System.Diagnostics;
using System.Net.Sockets;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// The client side: hands a compile to the running server of this compiler. When none listens the caller compiles in
/// its own process and then starts one in the background: waiting for a new server to listen, then for its first
/// compile, costs a build more than compiling at once, and the next build finds the server listening.
/// </summary>
internal static class CompilerServerClient
{
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The running server's answer; else that none listens, or why the one that listens did not answer.</summary>
    public static ServerAttempt TryCompile(CompilerServerEndpoint endpoint, CompileRequest request)
    {
        using var socket = TryConnect(endpoint);
        if (socket is null) return new ServerAttempt.NoneListening();
        try
        {
            return new ServerAttempt.Answered(Exchange(socket, request));
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or EndOfStreamException)
        {
            // Also a server that stopped (idle, or asked to) between our connect and its accept: its socket is gone, so
            // the next build starts another.
            return new ServerAttempt.Unavailable($"the compiler server did not answer: {e.Message}");
        }
    }

    /// <summary>Asks a running server to stop; true when one was running.</summary>
    public static bool Shutdown(CompilerServerEndpoint endpoint)
    {
        using var socket = TryConnect(endpoint);
        if (socket is null) return false;
        Exchange(socket, CompileRequest.Stop);
        return true;
    }

    /// <summary>True when a server of this compiler accepts connections on the endpoint.</summary>
    public static bool IsListening(CompilerServerEndpoint endpoint)
    {
        using var socket = TryConnect(endpoint);
        return socket is not null;
    }

    private static CompileResponse Exchange(Socket socket, CompileRequest request)
    {
        socket.ReceiveTimeout = (int)CompileTimeout.TotalMilliseconds;
        using var stream = new NetworkStream(socket);
        CompilerServerProtocol.WriteRequest(stream, request);
        return CompilerServerProtocol.ReadResponse(stream);
    }

    /// <summary>
    /// Starts the server for later builds and returns at once, without waiting for it to listen; null when it started,
    /// else why it cannot. Should another client start one at the same time, the second to take the lock exits.
    /// </summary>
    public static string? StartInBackground(CompilerServerEndpoint endpoint, CompileRequest? warmUp = null)
    {
        if (!endpoint.FitsASocketAddress(out string? unfit))
            return $"cannot start the compiler server: {unfit}";
        try
        {
            StartServer(warmUp).Dispose();
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return $"cannot start the compiler server: {e.Message}";
        }
    }

    private static Socket? TryConnect(CompilerServerEndpoint endpoint)
    {
        if (!File.Exists(endpoint.SocketPath)) return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(endpoint.SocketPath));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    /// <summary>
    /// Starts this compiler with <c>--serve</c>, through the same host. Its standard streams are fresh pipes closed at
    /// once: a build that reads the client's output to its end must not wait for the server too.
    /// </summary>
    private static Process StartServer(CompileRequest? warmUp)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(CompilerServerClient).Assembly.Location);
        start.ArgumentList.Add(CompilerProcess.ServeOption);
        if (warmUp is not null)
        {
            start.ArgumentList.Add(CompilerProcess.WarmUpOption);
            start.ArgumentList.Add(warmUp.WorkingDirectory);
            foreach (string argument in warmUp.Arguments) start.ArgumentList.Add(argument);
        }
        var server = Process.Start(start) ?? throw new InvalidOperationException($"'{host}' did not start");
        server.StandardInput.Close();
        server.StandardOutput.Close();
        server.StandardError.Close();
        return server;
    }
}
