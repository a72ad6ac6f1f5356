namespace BpfSharp.Loader;

/// <summary>How an update treats an existing key (the <c>BPF_ANY/BPF_NOEXIST/BPF_EXIST</c> flags).</summary>
public enum MapUpdateFlags : ulong
{
    /// <summary>Create the entry or overwrite it.</summary>
    Any = 0,
    /// <summary>Create the entry only if the key is absent; otherwise the update fails with EEXIST.</summary>
    NoExist = 1,
    /// <summary>Overwrite the entry only if the key is present; otherwise the update fails with ENOENT.</summary>
    Exist = 2,
}
