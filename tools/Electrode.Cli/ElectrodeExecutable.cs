namespace Electrode.Cli;

/// <summary>The <c>electrode</c> executable that commands start in namespaces: the one running now.</summary>
internal static class ElectrodeExecutable
{
    /// <summary>
    /// The apphost beside the running assembly (also when this process was started as <c>dotnet electrode.dll</c>,
    /// whose process path is dotnet's).
    /// </summary>
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "electrode");
}
