using BpfSharp.Verify;

// BpfSharp.Verify OBJECT [BASE-DIR]: loads the object into the kernel's verifier and prints MSBuild-format findings.
// Exit code: 0 accepted or not verifiable here (a warning says why), 1 refused, 2 wrong usage or unreadable object.
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: BpfSharp.Verify OBJECT.bpf.o [BASE-DIR]  (BASE-DIR: the directory source paths in the object are relative to)");
    return 2;
}
string objectPath = Path.GetFullPath(args[0]);
string baseDirectory = args.Length == 2 ? Path.GetFullPath(args[1]) : Directory.GetCurrentDirectory();
if (!File.Exists(objectPath))
{
    Console.WriteLine($"{objectPath}: error {ObjectVerifier.RefusedId}: the object {objectPath} does not exist; build it first");
    return 2;
}
var outcome = ObjectVerifier.Verify(objectPath, baseDirectory);
foreach (var message in outcome.Messages) Console.WriteLine(message);
return outcome.Result == VerificationResult.Refused ? 1 : 0;
