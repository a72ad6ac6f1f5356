using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Electrode.Vr.Wire;

/// <summary>
/// Checks that a parsed proto2 message and its nested messages carry every required field. Google.Protobuf's
/// parser does not check, and its <c>IsInitialized</c> allocates on every call; this one does not.
/// </summary>
internal static class RequiredFieldCheck
{
    private static readonly ConcurrentDictionary<MessageDescriptor, Plan> Plans = new();

    public static bool IsComplete(IMessage message)
    {
        var plan = Plans.GetOrAdd(message.Descriptor, static d => new Plan(d));
        foreach (var field in plan.Required)
        {
            if (!field.Accessor.HasValue(message))
                return false;
        }
        foreach (var field in plan.NestedMessages)
        {
            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                for (int i = 0; i < list.Count; i++)
                {
                    if (!IsComplete((IMessage)list[i]!))
                        return false;
                }
            }
            else if (field.Accessor.HasValue(message) && !IsComplete((IMessage)field.Accessor.GetValue(message)))
            {
                return false;
            }
        }
        return true;
    }

    private sealed class Plan(MessageDescriptor descriptor)
    {
        public FieldDescriptor[] Required { get; } = descriptor.Fields.InDeclarationOrder().Where(f => f.IsRequired).ToArray();

        public FieldDescriptor[] NestedMessages { get; } =
            descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && !f.IsMap).ToArray();
    }
}
