using System.Text;
using Electrode.Vr.Client;
using Electrode.Vr.Transport;

namespace Electrode.Vr.Tests.Scenarios;

/// <summary>
/// Drives one client through a sequence of requests, each sent when the previous one is answered (optionally
/// after a pause), and records every answer.
/// </summary>
internal sealed class ClientDriver(VrClient client, ITransport transport, int count, Func<int, string> operation)
{
    private readonly List<(string Request, string Reply)> answers = [];

    /// <summary>Runs after the reply to request <c>n</c> (0-based) arrives, before the next request goes out.</summary>
    public Action<int>? AfterReply { get; init; }

    /// <summary>Pause between a reply and the next request.</summary>
    public TimeSpan Pause { get; init; }

    public IReadOnlyList<(string Request, string Reply)> Answers => answers;

    public bool Done => answers.Count == count;

    public void Start() => Send(0);

    /// <summary>Answers that are not <c>"reply: " + request</c>.</summary>
    public IEnumerable<string> WrongAnswers() =>
        answers.Where(a => a.Reply != "reply: " + a.Request).Select(a => $"'{a.Request}' answered '{a.Reply}'");

    private void Send(int n)
    {
        var request = operation(n);
        client.Invoke(Encoding.UTF8.GetBytes(request), reply =>
        {
            answers.Add((request, Encoding.UTF8.GetString(reply)));
            AfterReply?.Invoke(n);
            if (n + 1 >= count) return;
            if (Pause > TimeSpan.Zero)
                transport.StartTimer(Pause, () => Send(n + 1));
            else
                Send(n + 1);
        });
    }
}
