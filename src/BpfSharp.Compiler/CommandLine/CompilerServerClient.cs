using System.Diagnostics;
using System.Net.Sockets;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// The client side: hands a compile to the server of this compiler, starting the server when none listens, and says
/// why when it cannot (the caller then compiles in its own process).
/// </summary>
internal static class CompilerServerClient
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The server's answer, or null with <paramref name="failure"/> saying why there is none.</summary>
    public static CompileResponse? TryCompile(CompilerServerEndpoint endpoint, CompileRequest request, out string? failure)
    {
        failure = null;
        // A second attempt covers a server that stopped (idle, or asked to) between our connect and its accept.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using var socket = Connect(endpoint, startIfAbsent: true, out failure);
                if (socket is null) return null;
                return Exchange(socket, request);
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidDataException or EndOfStreamException)
            {
                failure = $"the compiler server did not answer: {e.Message}";
            }
        }
        return null;
    }

    /// <summary>Asks a running server to stop; true when one was running.</summary>
    public static bool Shutdown(CompilerServerEndpoint endpoint)
    {
        using var socket = Connect(endpoint, startIfAbsent: false, out _);
        if (socket is null) return false;
        Exchange(socket, CompileRequest.Stop);
        return true;
    }

    private static CompileResponse Exchange(Socket socket, CompileRequest request)
    {
        socket.ReceiveTimeout = (int)CompileTimeout.TotalMilliseconds;
        using var stream = new NetworkStream(socket);
        CompilerServerProtocol.WriteRequest(stream, request);
        return CompilerServerProtocol.ReadResponse(stream);
    }

    private static Socket? Connect(CompilerServerEndpoint endpoint, bool startIfAbsent, out string? failure)
    {
        failure = null;
        if (TryConnect(endpoint) is { } running) return running;
        if (!startIfAbsent) return null;

        Process server;
        try
        {
            server = StartServer();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            failure = $"cannot start the compiler server: {e.Message}";
            return null;
        }

        using (server)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < StartTimeout)
            {
                // A server that exits with 0 has lost the race to another one, which is about to listen; else it failed.
                bool failed = server.HasExited && server.ExitCode != 0;
                if (TryConnect(endpoint) is { } started) return started;
                if (failed)
                {
                    failure = $"the compiler server exited with code {server.ExitCode} without listening on {endpoint.SocketPath}";
                    return null;
                }
                Thread.Sleep(RetryInterval);
            }
        }
        failure = $"the compiler server did not listen on {endpoint.SocketPath} within {StartTimeout.TotalSeconds:F0} s";
        return null;
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
    private static Process StartServer()
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
        var server = Process.Start(start) ?? throw new InvalidOperationException($"'{host}' did not start");
        server.StandardInput.Close();
        server.StandardOutput.Close();
        server.StandardError.Close();
        return server;
    }
}
