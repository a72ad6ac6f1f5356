namespace BpfSharp.Compiler.Tests.Differential;

/// <summary>Deterministic packets for differential runs: edge-value operands and seeded random ones.</summary>
internal static class TestPackets
{
    /// <summary>Operand byte patterns every width is tried with: zero, one, all ones, sign bit alone, largest positive.</summary>
    private static byte[] EdgeOperand(int size, int kind) => kind switch
    {
        0 => new byte[size],
        1 => [1, .. new byte[size - 1]],
        2 => Enumerable.Repeat((byte)0xFF, size).ToArray(),
        3 => [.. new byte[size - 1], 0x80],
        _ => [.. Enumerable.Repeat((byte)0xFF, size - 1), 0x7F],
    };

    /// <summary>
    /// Packets of <paramref name="headerLength"/> zero bytes, then two operands of <paramref name="operandSize"/> bytes, then
    /// <paramref name="tailLength"/> random bytes: every pair of edge operands, then <paramref name="randomCount"/> random pairs.
    /// </summary>
    public static IEnumerable<byte[]> WithOperands(int headerLength, int operandSize, int tailLength, int randomCount = 64, int seed = 1)
    {
        var random = new Random(seed);
        byte[] Build(byte[] a, byte[] b)
        {
            var tail = new byte[tailLength];
            random.NextBytes(tail);
            return [.. new byte[headerLength], .. a, .. b, .. tail];
        }

        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++)
                yield return Build(EdgeOperand(operandSize, x), EdgeOperand(operandSize, y));
        for (int i = 0; i < randomCount; i++)
        {
            var a = new byte[operandSize];
            var b = new byte[operandSize];
            random.NextBytes(a);
            random.NextBytes(b);
            if (i % 4 == 0) b[0] &= 0x3F;
            yield return Build(a, b);
        }
    }

    /// <summary><paramref name="count"/> random packets of lengths between <paramref name="minLength"/> and <paramref name="maxLength"/>.</summary>
    public static IEnumerable<byte[]> Random(int count, int minLength, int maxLength, int seed = 7)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            var packet = new byte[random.Next(minLength, maxLength + 1)];
            random.NextBytes(packet);
            yield return packet;
        }
    }
}
