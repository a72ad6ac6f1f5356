namespace BpfSharp.InProcess;

/// <summary>
/// A packet a program sent during a run: a copy made by <c>bpf_clone_redirect</c>, or the final frame of
/// <c>XDP_TX</c> or of a redirect (<c>bpf_redirect</c>) to a known device. Listed even when the device's queue was
/// full and dropped it (see <see cref="SimulatedDevice.Dropped"/>).
/// </summary>
/// <param name="Ifindex">The simulated device it went to.</param>
/// <param name="Ingress">True when it was redirected to the device's ingress (receive) side rather than transmitted.</param>
/// <param name="Bytes">The frame, from the Ethernet header on.</param>
public sealed record EmittedPacket(uint Ifindex, bool Ingress, byte[] Bytes);
