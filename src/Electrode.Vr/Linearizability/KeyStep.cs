using Electrode.Vr.Apps.KeyValue;

namespace Electrode.Vr.Linearizability;

/// <summary>What an operation requires of a key's value and does to it.</summary>
internal enum StepKind : byte
{
    /// <summary>A get that found the value <see cref="KeyStep.Value"/>.</summary>
    Read,
    /// <summary>A get that found nothing.</summary>
    ReadAbsent,
    /// <summary>A put, acknowledged or pending: whatever the value was, it becomes <see cref="KeyStep.Value"/>.</summary>
    Write,
    /// <summary>A delete that removed a value.</summary>
    DeleteExisting,
    /// <summary>A delete that found nothing.</summary>
    DeleteAbsent,
    /// <summary>A pending delete: whatever the value was, it is gone.</summary>
    DeleteEither,
    /// <summary>An output the store never gives for this input (a put answered not found, a reply value where none belongs).</summary>
    Never,
}

/// <summary>
/// One operation of a key's sub-history reduced to integers, so that the search steps the model without touching bytes.
/// The state is the key's value as an index into the sub-history's <see cref="KeyValues"/>, or <see cref="Absent"/>.
/// </summary>
internal readonly record struct KeyStep(StepKind Kind, int Value)
{
    /// <summary>The state of a key that has no value.</summary>
    public const int Absent = -1;

    /// <summary>
    /// The step of <paramref name="operation"/>, or null when it constrains nothing and is left out of the search:
    /// a pending get (it observed nothing and changed nothing) and a bad request (the store refuses it and changes
    /// nothing, whatever the value).
    /// </summary>
    public static KeyStep? Of(KvHistoryOperation operation, KeyValues values)
    {
        var input = operation.Input;
        var output = operation.Output;
        if (output?.Status == KvStatus.BadRequest) return null;
        return input.OpCode switch
        {
            KvOpCode.Get when output is null => null,
            KvOpCode.Get when output.Status == KvStatus.Ok => new KeyStep(StepKind.Read, values.Intern(output.Value)),
            KvOpCode.Put when output is null || (output.Status == KvStatus.Ok && output.Value.Length == 0) =>
                new KeyStep(StepKind.Write, values.Intern(input.Value)),
            KvOpCode.Delete when output is null => new KeyStep(StepKind.DeleteEither, 0),
            _ when output!.Value.Length != 0 || input.OpCode == KvOpCode.Put => new KeyStep(StepKind.Never, 0),
            KvOpCode.Get => new KeyStep(StepKind.ReadAbsent, 0),
            _ => new KeyStep(output.Status == KvStatus.Ok ? StepKind.DeleteExisting : StepKind.DeleteAbsent, 0),
        };
    }

    /// <summary>Applies the step to <paramref name="state"/>; false when its output cannot come from that state.</summary>
    public bool TryApply(int state, out int next)
    {
        next = state;
        switch (Kind)
        {
            case StepKind.Read: return state == Value;
            case StepKind.ReadAbsent: return state == Absent;
            case StepKind.Write: next = Value; return true;
            case StepKind.DeleteExisting: next = Absent; return state != Absent;
            case StepKind.DeleteAbsent: return state == Absent;
            case StepKind.DeleteEither: next = Absent; return true;
            default: return false;
        }
    }

    /// <summary>Why the step's output cannot come from <paramref name="state"/>, for a state the caller knows it does not fit.</summary>
    public string Misfit(int state, KeyValues values)
    {
        if (Kind == StepKind.Never) return "the store never gives this reply to this request";
        var needs = Kind switch
        {
            StepKind.Read => values.Describe(Value),
            StepKind.DeleteExisting => "a value",
            _ => "no value",
        };
        return $"it needs {needs}, but there is {values.Describe(state)}";
    }
}
