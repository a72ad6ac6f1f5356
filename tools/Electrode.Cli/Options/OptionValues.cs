using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Electrode.Cli.Options;

/// <summary>
/// Parsers of option values (an option's <c>CustomParser</c>) that refuse a bad value with the one line the commands
/// have always given, naming the option, what it takes and what it got:
/// <c>option --batch takes a whole number from 1 to 65536, not 'x'</c>. The library's own conversions word it
/// differently, in the user's UI language, and leave out the accepted range.
/// </summary>
internal static class OptionValues
{
    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], digits only.</summary>
    public static Func<ArgumentResult, int> WholeNumber(int min, int max) => result =>
        int.TryParse(Text(result), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : Refuse<int>(result, $"a whole number from {min} to {max}");

    /// <summary>A number of seconds in [0, <paramref name="max"/>], with an optional decimal point.</summary>
    public static Func<ArgumentResult, double> Seconds(double max) => result =>
        double.TryParse(Text(result), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds <= max
            ? seconds
            : Refuse<double>(result, $"a number of seconds from 0 to {max}");

    /// <summary>Whole numbers in [<paramref name="min"/>, <paramref name="max"/>] separated by commas (<c>1,4,16</c>).</summary>
    public static Func<ArgumentResult, int[]> WholeNumbers(int min, int max) => result =>
    {
        var parts = Text(result).Split(',');
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < min || values[i] > max)
                return Refuse<int[]>(result, $"whole numbers from {min} to {max} separated by commas") ?? [];
        }
        return values;
    };

    /// <summary>One of <paramref name="choices"/>, spelled exactly.</summary>
    public static Func<ArgumentResult, string?> OneOf(IReadOnlyList<string> choices) => result =>
        choices.Contains(Text(result))
            ? Text(result)
            : Refuse<string>(result, $"one of {string.Join(", ", choices)}");

    /// <summary>An IPv4 address.</summary>
    public static IPAddress? Ipv4Address(ArgumentResult result) =>
        IPAddress.TryParse(Text(result), out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : Refuse<IPAddress>(result, "an IPv4 address");

    /// <summary>An IPv4 address and a port, <c>a.b.c.d:port</c>.</summary>
    public static IPEndPoint? Ipv4EndPoint(ArgumentResult result) =>
        IPEndPoint.TryParse(Text(result), out var endpoint) && endpoint.AddressFamily == AddressFamily.InterNetwork && endpoint.Port > 0
            ? endpoint
            : Refuse<IPEndPoint>(result, "an IPv4 address and a port, a.b.c.d:port");

    /// <summary>The value given; the parser runs only after the library has checked that there is exactly one.</summary>
    private static string Text(ArgumentResult result) => result.Tokens[0].Value;

    private static T? Refuse<T>(ArgumentResult result, string expected)
    {
        result.AddError($"option {((OptionResult)result.Parent!).Option.Name} takes {expected}, not '{Text(result)}'");
        return default;
    }
}
