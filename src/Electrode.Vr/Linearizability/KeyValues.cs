namespace Electrode.Vr.Linearizability;

/// <summary>The distinct values of one key's sub-history, numbered so that model states compare as integers.</summary>
internal sealed class KeyValues
{
    private readonly Dictionary<string, int> numbers = [];
    private readonly List<byte[]> values = [];

    /// <summary>The number of <paramref name="value"/>, given on first sight.</summary>
    public int Intern(byte[] value)
    {
        var hex = Convert.ToHexString(value);
        if (!numbers.TryGetValue(hex, out var number))
        {
            number = values.Count;
            numbers.Add(hex, number);
            values.Add(value);
        }
        return number;
    }

    /// <summary>A state for an explanation: "the value 0102" or "no value".</summary>
    public string Describe(int state) =>
        state == KeyStep.Absent ? "no value" : $"the value {KvHistoryOperation.Hex(values[state])}";
}
