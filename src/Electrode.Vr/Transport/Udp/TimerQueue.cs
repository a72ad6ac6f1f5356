namespace Electrode.Vr.Transport.Udp;

/// <summary>Timers of one event loop, by deadline; touched only by the loop thread.</summary>
internal sealed class TimerQueue
{
    private readonly PriorityQueue<long, (TimeSpan Due, long Id)> _byDeadline = new();
    private readonly Dictionary<long, Action> _active = new();

    public void Add(long id, TimeSpan due, Action callback)
    {
        _active.Add(id, callback);
        _byDeadline.Enqueue(id, (due, id));
    }

    public void Cancel(long id) => _active.Remove(id);

    /// <summary>Deadline of the earliest live timer, dropping cancelled ones on the way.</summary>
    public TimeSpan? NextDue()
    {
        while (_byDeadline.TryPeek(out long id, out var key))
        {
            if (_active.ContainsKey(id))
                return key.Due;
            _byDeadline.Dequeue();
        }
        return null;
    }

    /// <summary>Removes and returns the callback of a live timer due at or before <paramref name="now"/>.</summary>
    public bool TryTakeDue(TimeSpan now, out Action callback)
    {
        while (_byDeadline.TryPeek(out long id, out var key) && key.Due <= now)
        {
            _byDeadline.Dequeue();
            if (_active.Remove(id, out callback!))
                return true;
        }
        callback = null!;
        return false;
    }
}
