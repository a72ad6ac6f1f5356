namespace Electrode.Cli.Demo;

/// <summary>
/// One line that a run rewrites in place while it goes on (carriage return, on a terminal); where the output is not a
/// terminal, only the final state is written, so logs stay readable.
/// </summary>
internal sealed class ProgressLine(TextWriter output, string label)
{
    private readonly bool live = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
    private int lastLength;

    public void Show(string text)
    {
        if (!live)
            return;
        Write($"\r{label}: {text}");
    }

    public void Done(string text)
    {
        if (live)
            Write($"\r{label}: {text}");
        else
            output.Write($"{label}: {text}");
        output.WriteLine();
        lastLength = 0;
    }

    private void Write(string line)
    {
        // Blanks over what a longer previous line left.
        output.Write(line.Length < lastLength ? line + new string(' ', lastLength - line.Length) : line);
        output.Flush();
        lastLength = line.Length;
    }
}
