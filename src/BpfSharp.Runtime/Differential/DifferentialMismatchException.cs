namespace BpfSharp.Differential;

/// <summary>
/// The in-process run and the kernel's run of the same program on the same packet and maps disagreed.
/// <see cref="Differences"/> says where; the message also carries the input packet in hex, to replay it.
/// </summary>
public sealed class DifferentialMismatchException : Exception
{
    /// <summary>Creates the exception for the differences of one run.</summary>
    public DifferentialMismatchException(string program, byte[] packet, IReadOnlyList<string> differences)
        : base($"{program}: in-process and kernel runs disagree on packet {Convert.ToHexString(packet)}\n  "
            + string.Join("\n  ", differences))
    {
        Program = program;
        Packet = packet;
        Differences = differences;
    }

    /// <summary>The program that ran.</summary>
    public string Program { get; }

    /// <summary>The input packet.</summary>
    public byte[] Packet { get; }

    /// <summary>One line per difference (verdict, packet out, a ring buffer, a map).</summary>
    public IReadOnlyList<string> Differences { get; }
}
