using System.CommandLine;
using System.Globalization;
using Electrode.Cli.Options;
using Electrode.Vr.Transport;

namespace Electrode.Cli.Cluster;

/// <summary>
/// Reads a cluster file, the format of the reference implementation's configuration plus an optional MAC:
/// <code>
/// f 1                               # optional, first line only: failures tolerated, must be (n - 1) / 2
/// replica 10.0.0.1:7001 aa:bb:cc:dd:ee:01
/// replica 10.0.0.2:7001             # the MAC is optional (the kernel fast paths need it)
/// </code>
/// One replica per line, in index order; <c>#</c> starts a comment; blank lines are ignored.
/// </summary>
internal static class ClusterFile
{
    /// <summary>Help text describing the format, shared by the commands that take <c>-c</c>.</summary>
    public const string FormatHelp =
        """
        cluster file: one line per replica, in index order (the first line is replica 0):
            replica <ipv4>:<port> [mac]      e.g. replica 127.0.0.1:7001 02:00:00:00:00:01
          an optional first line 'f <n>' states the failures tolerated and must equal (replicas - 1) / 2;
          '#' starts a comment; blank lines are ignored; 1 to 16 replicas.
        """;

    /// <summary><c>-c, --cluster &lt;file&gt;</c>, the same for every command that reads a cluster file.</summary>
    public static Option<string> CreateOption() => new("--cluster", "-c")
    {
        HelpName = "file",
        Description = "cluster file (format below)",
        Required = true,
    };

    /// <summary><c>-i, --index &lt;index&gt;</c>: which replica of the cluster file a command acts as.</summary>
    public static Option<int> CreateIndexOption() => new("--index", "-i")
    {
        HelpName = "index",
        Description = "this replica's line in the cluster file, from 0",
        Required = true,
        CustomParser = OptionValues.WholeNumber(0, ClusterConfiguration.MaxReplicas - 1),
    };

    /// <summary>Refuses an <c>--index</c> beyond the replicas the cluster file at <paramref name="path"/> lists.</summary>
    /// <exception cref="UsageException">It is.</exception>
    public static void CheckIndex(ClusterConfiguration configuration, int index, string path)
    {
        if (index >= configuration.Count)
            throw new UsageException($"option --index {index} is not a replica of {path}, which lists replicas 0 to {configuration.Count - 1}");
    }

    /// <summary>Reads and checks the cluster file at <paramref name="path"/>.</summary>
    /// <exception cref="ClusterFileException">The file cannot be read or is not a valid cluster file.</exception>
    public static ClusterConfiguration Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ClusterFileException($"{path}: cannot read the cluster file: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses cluster file <paramref name="text"/>; <paramref name="name"/> prefixes error messages.</summary>
    /// <exception cref="ClusterFileException">The text is not a valid cluster file.</exception>
    public static ClusterConfiguration Parse(string text, string name)
    {
        var replicas = new List<ReplicaEndpoint>();
        var lineOfAddress = new Dictionary<EndpointAddress, int>();
        (int Value, int Line)? declaredF = null;
        int lastLine = 0;
        bool seenContent = false;
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            var tokens = StripComment(lines[i]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
                continue;
            lastLine = lineNumber;
            string Where() => $"{name}:{lineNumber}";
            switch (tokens[0])
            {
                case "f":
                    if (seenContent)
                        throw new ClusterFileException($"{Where()}: 'f' may only appear on the first line");
                    if (tokens.Length != 2 || !int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out int f))
                        throw new ClusterFileException($"{Where()}: 'f' takes one whole number, as in 'f 1'");
                    declaredF = (f, lineNumber);
                    break;
                case "replica":
                    if (tokens.Length < 2)
                        throw new ClusterFileException($"{Where()}: 'replica' needs an address, as in 'replica 127.0.0.1:7001'");
                    if (tokens.Length > 3)
                        throw new ClusterFileException($"{Where()}: unexpected '{tokens[3]}' after the MAC address");
                    if (replicas.Count == ClusterConfiguration.MaxReplicas)
                        throw new ClusterFileException($"{Where()}: more than {ClusterConfiguration.MaxReplicas} replicas");
                    var address = ParseAddress(tokens[1], Where);
                    byte[]? mac = tokens.Length == 3 ? ParseMac(tokens[2], Where) : null;
                    if (lineOfAddress.TryGetValue(address, out int firstLine))
                        throw new ClusterFileException($"{Where()}: address {address} is already replica {replicas.FindIndex(r => r.Address == address)} (line {firstLine})");
                    lineOfAddress.Add(address, lineNumber);
                    replicas.Add(new ReplicaEndpoint(address, mac));
                    break;
                default:
                    throw new ClusterFileException($"{Where()}: unknown keyword '{tokens[0]}'; a line is 'replica <ipv4>:<port> [mac]' or, first, 'f <n>'");
            }
            seenContent = true;
        }

        if (replicas.Count == 0)
            throw new ClusterFileException($"{name}:{Math.Max(lastLine, 1)}: the file lists no replicas; add lines 'replica <ipv4>:<port> [mac]'");
        if (declaredF is var (declared, fLine) && declared != (replicas.Count - 1) / 2)
            throw new ClusterFileException(
                $"{name}:{fLine}: f {declared} does not match the {replicas.Count} replicas listed, which tolerate f = {(replicas.Count - 1) / 2}");
        return new ClusterConfiguration(replicas);
    }

    private static string StripComment(string line)
    {
        int hash = line.IndexOf('#');
        return hash < 0 ? line : line[..hash];
    }

    private static EndpointAddress ParseAddress(string token, Func<string> where)
    {
        int colon = token.LastIndexOf(':');
        if (colon < 0)
            throw new ClusterFileException($"{where()}: '{token}' is not <ipv4>:<port>");
        if (!TryParseIpv4(token.AsSpan(0, colon), out uint ip))
            throw new ClusterFileException($"{where()}: '{token[..colon]}' is not an IPv4 address (four numbers 0-255 separated by dots)");
        if (!ushort.TryParse(token.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
            throw new ClusterFileException($"{where()}: '{token[(colon + 1)..]}' is not a port (1-65535)");
        return new EndpointAddress(ip, port);
    }

    private static bool TryParseIpv4(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        int parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 ||
                !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out byte value))
                return false;
            address = (address << 8) | value;
        }
        return parts == 4;
    }

    private static byte[] ParseMac(string token, Func<string> where)
    {
        var parts = token.Split(':');
        var mac = new byte[6];
        if (parts.Length != 6)
            throw new ClusterFileException($"{where()}: '{token}' is not a MAC address (six hex bytes separated by ':')");
        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out mac[i]))
                throw new ClusterFileException($"{where()}: '{token}' is not a MAC address (six hex bytes separated by ':')");
        }
        return mac;
    }
}
