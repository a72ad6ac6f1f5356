using System.Buffers;
using Electrode.Vr.Wire;
using Google.Protobuf;

namespace Electrode.Vr.Transport.Datagrams;

/// <summary>A message encoded once into a pooled buffer, which <see cref="Dispose"/> returns to the pool.</summary>
internal readonly ref struct EncodedDatagram
{
    private readonly byte[] _buffer;

    /// <summary>Encodes <paramref name="message"/>, whose body protobuf sized at <paramref name="bodyLength"/>, with <paramref name="flags"/>.</summary>
    public EncodedDatagram(IMessage message, int bodyLength, uint flags = 0)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(MessageEncoder.GetEncodedLength(message, bodyLength));
        Length = MessageEncoder.Encode(message, bodyLength, _buffer, flags);
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
