using System.Text;
using Electrode.Vr.Messages;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Electrode.Vr.Wire;

/// <summary>
/// The message types that may appear on the wire, by protobuf full name, with their parsers and
/// the ASCII bytes of their names (so neither encoding nor decoding allocates a string).
/// </summary>
public static class MessageTypeRegistry
{
    private static readonly Entry[] Entries = RequestReflection.Descriptor.MessageTypes
        .Concat(VrReflection.Descriptor.MessageTypes)
        .Select(d => new Entry(d, Encoding.ASCII.GetBytes(d.FullName)))
        .ToArray();

    private static readonly Dictionary<MessageDescriptor, byte[]> NameBytesByDescriptor =
        Entries.ToDictionary(e => e.Descriptor, e => e.NameBytes);

    /// <summary>Full names of every registered type.</summary>
    public static IEnumerable<string> TypeNames => Entries.Select(e => e.Descriptor.FullName);

    /// <summary>The wire name of <paramref name="message"/>'s type as ASCII bytes.</summary>
    /// <exception cref="ArgumentException">The type is not one of the VR messages.</exception>
    public static ReadOnlySpan<byte> NameBytesOf(IMessage message) =>
        NameBytesByDescriptor.TryGetValue(message.Descriptor, out var bytes)
            ? bytes
            : throw new ArgumentException(
                $"{message.Descriptor.FullName} is not a message of request.proto or vr.proto and cannot be sent", nameof(message));

    /// <summary>Finds the descriptor whose full name has exactly the bytes <paramref name="name"/>.</summary>
    public static bool TryFind(ReadOnlySpan<byte> name, out MessageDescriptor descriptor)
    {
        foreach (var entry in Entries)
        {
            if (name.SequenceEqual(entry.NameBytes))
            {
                descriptor = entry.Descriptor;
                return true;
            }
        }
        descriptor = null!;
        return false;
    }

    private sealed record Entry(MessageDescriptor Descriptor, byte[] NameBytes);
}
