using System.Text;

namespace BpfSharp.Compiler.CommandLine;

/// <summary>
/// A compile asked of the server (the client's working directory and its command line, as given), or, when
/// <paramref name="Shutdown"/>, a request that the server stop.
/// </summary>
internal sealed record CompileRequest(string WorkingDirectory, IReadOnlyList<string> Arguments, bool Shutdown = false)
{
    public static readonly CompileRequest Stop = new("", [], Shutdown: true);
}

/// <summary>What the compile printed and its exit code, as the process would have printed and returned them.</summary>
internal sealed record CompileResponse(int ExitCode, string Output);

/// <summary>
/// The wire format between client and server: a version word, a shutdown flag, then length-prefixed UTF-8 strings
/// (<see cref="BinaryWriter"/>'s encoding). One request and one response per connection.
/// </summary>
internal static class CompilerServerProtocol
{
    /// <summary>Bumped on any change of the format; a server answers a request of another version with an error.</summary>
    public const int Version = 1;

    public static void WriteRequest(Stream stream, CompileRequest request)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(request.Shutdown);
        writer.Write(request.WorkingDirectory);
        writer.Write(request.Arguments.Count);
        foreach (string argument in request.Arguments)
            writer.Write(argument);
        writer.Flush();
    }

    /// <exception cref="InvalidDataException">The peer speaks another version or the request is malformed.</exception>
    public static CompileRequest ReadRequest(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        int version = reader.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"compiler server protocol version {version}, expected {Version}");
        bool shutdown = reader.ReadBoolean();
        string directory = reader.ReadString();
        int count = reader.ReadInt32();
        if (count is < 0 or > 1_000_000)
            throw new InvalidDataException($"a request with {count} arguments");
        var arguments = new string[count];
        for (int i = 0; i < count; i++)
            arguments[i] = reader.ReadString();
        return new CompileRequest(directory, arguments, shutdown);
    }

    public static void WriteResponse(Stream stream, CompileResponse response)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(response.ExitCode);
        writer.Write(response.Output);
        writer.Flush();
    }

    /// <exception cref="InvalidDataException">The server speaks another version.</exception>
    /// <exception cref="EndOfStreamException">The server closed the connection before answering.</exception>
    public static CompileResponse ReadResponse(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        int version = reader.ReadInt32();
        if (version != Version)
            throw new InvalidDataException($"compiler server protocol version {version}, expected {Version}");
        return new CompileResponse(reader.ReadInt32(), reader.ReadString());
    }
}
