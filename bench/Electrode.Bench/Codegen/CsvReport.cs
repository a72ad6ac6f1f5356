using System.Globalization;
using System.Text;

namespace Electrode.Bench.Codegen;

/// <summary>The benchmark's figures as CSV rows: section, item, metric, ours, reference (C), ratio ours/C.</summary>
internal sealed class CsvReport
{
    private readonly StringBuilder text = new("section,item,metric,ours,reference,ratio\n");

    public void Add(string section, string item, string metric, double ours, double? reference)
    {
        string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";
        double? ratio = reference is { } r && r != 0 ? ours / r : null;
        text.Append(CultureInfo.InvariantCulture, $"{section},\"{item}\",{metric},{Number(ours)},{Number(reference)},{Number(ratio)}\n");
    }

    public void Write(string path) => File.WriteAllText(path, text.ToString());
}
