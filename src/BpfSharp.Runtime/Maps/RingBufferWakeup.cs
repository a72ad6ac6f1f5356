namespace BpfSharp;

/// <summary>
/// Whether submitting, discarding or writing a ring-buffer record wakes a consumer waiting on the buffer
/// (<c>BPF_RB_NO_WAKEUP</c>, <c>BPF_RB_FORCE_WAKEUP</c>). Each wake-up costs the producer an <c>irq_work</c> and the
/// consumer a return from <c>epoll_wait</c>, so a producer that knows its consumer polls anyway may batch them.
/// </summary>
public enum RingBufferWakeup : ulong
{
    /// <summary>The kernel's choice: wakes the consumer when it had read everything before this record.</summary>
    Adaptive = 0,

    /// <summary><c>BPF_RB_NO_WAKEUP</c>: never wakes; the consumer sees the record when it next polls.</summary>
    Never = 1,

    /// <summary><c>BPF_RB_FORCE_WAKEUP</c>: always wakes, even if the consumer is behind.</summary>
    Always = 2,
}
