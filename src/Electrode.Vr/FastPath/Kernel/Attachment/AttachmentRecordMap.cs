using BpfSharp.Loader;

namespace Electrode.Vr.FastPath.Kernel.Attachment;

/// <summary>Writes and reads the pinned one-entry array map that holds an <see cref="AttachmentRecord"/>.</summary>
public static class AttachmentRecordMap
{
    private const string MapName = "attachment";

    /// <summary>Creates the record's map holding <paramref name="record"/> and pins it at <paramref name="path"/>.</summary>
    public static void Write(string path, in AttachmentRecord record)
    {
        using var map = BpfMapHandle.Create(BpfMapType.Array, MapName, sizeof(uint), AttachmentRecord.Size, 1);
        map.Update(0u, record);
        map.Pin(path);
    }

    /// <summary>The record pinned at <paramref name="path"/>, or null when what is there is no record of this layout.</summary>
    /// <exception cref="BpfException">Nothing is pinned there, or it cannot be opened.</exception>
    public static AttachmentRecord? Read(string path)
    {
        using var map = BpfMapHandle.OpenPinned(path);
        if (map.Type != BpfMapType.Array || map.KeySize != sizeof(uint) || map.ValueSize != AttachmentRecord.Size)
            return null;
        return map.TryLookup(0u, out AttachmentRecord record) && record.IsValid ? record : null;
    }
}
