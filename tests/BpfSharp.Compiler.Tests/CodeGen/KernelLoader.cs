using System.Diagnostics;

namespace BpfSharp.Compiler.Tests.CodeGen;

/// <summary>
/// Loads an object into the kernel with bpftool (the verifier is the judge), pinning under a unique bpffs directory that
/// is removed afterwards. Stands in until the libbpf loader of the runtime lands.
/// </summary>
internal static class KernelLoader
{
    public static bool Available => File.Exists("/usr/sbin/bpftool") && Directory.Exists("/sys/fs/bpf") && Environment.UserName == "root";

    /// <summary>Loads every program of the object; returns bpftool's exit code and output (the verifier log on failure).</summary>
    public static (int ExitCode, string Output) LoadAll(byte[] objectBytes)
    {
        var unique = "bpfsharp_codegen_test_" + Guid.NewGuid().ToString("N")[..12];
        var file = Path.Combine(Path.GetTempPath(), unique + ".bpf.o");
        var pin = "/sys/fs/bpf/" + unique;
        File.WriteAllBytes(file, objectBytes);
        try
        {
            return Run("/usr/sbin/bpftool", "-d", "prog", "loadall", file, pin);
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(pin)) Directory.Delete(pin, recursive: true);
        }
    }

    private static (int, string) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
