namespace Electrode.Vr.Transport.Datagrams;

/// <summary>What carries the datagrams of a <see cref="DatagramPath"/>: UDP sockets, or the simulated network.</summary>
internal interface IDatagramWire
{
    /// <summary>
    /// Puts one datagram (a whole message or one fragment of it) from <paramref name="from"/> on the wire to
    /// <paramref name="to"/>. <paramref name="messageType"/> names the message it carries, for a wire that shows it.
    /// </summary>
    /// <returns>False when the wire refused it.</returns>
    bool Transmit(DatagramEndpoint from, EndpointAddress to, ReadOnlySpan<byte> datagram, string messageType);

    /// <summary>A message of <paramref name="messageType"/> was not sent: receivers would refuse to reassemble it.</summary>
    void OnMessageTooLarge(DatagramEndpoint from, string messageType);
}
