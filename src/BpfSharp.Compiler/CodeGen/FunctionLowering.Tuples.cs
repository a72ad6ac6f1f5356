using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Deconstruction assignments of tuple literals, <c>(a, b) = (b, a)</c> and <c>var (x, y) = (1, 2)</c>: no tuple
/// exists at run time. As C# orders it, the targets' locations are found first, then every value is evaluated (into
/// a temporary, so a swap reads the old values), and then the values are stored left to right.
/// </summary>
internal sealed partial class FunctionLowering
{
    private nint EmitDeconstruction(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = new List<IOperation>();
        FlattenTargets(deconstruction, deconstruction.Target, targets);
        var values = new List<IOperation>();
        FlattenValues(deconstruction, deconstruction.Value, values);
        if (targets.Count != values.Count)
            throw Unsupported(deconstruction, $"the deconstruction {deconstruction.Syntax} (assign each variable on its own line)");

        var addresses = targets.Select(target => target is IDiscardOperation ? 0 : EmitAddress(target)).ToList();
        var evaluated = new List<nint>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var type = value.Type ?? throw Unsupported(value, "a tuple element without a type");
            if (targets[i] is IDiscardOperation)
            {
                evaluated.Add(EmitValue(value));
                continue;
            }
            var targetType = TypeOfReference(targets[i]);
            if (TypeLowering.IsStruct(type))
            {
                var copy = NewSlot(type, zeroed: false);
                CopyStruct(copy, EmitValue(value), type, BaseAlignment, PlacementAlignment(value));
                evaluated.Add(copy);
            }
            else
            {
                evaluated.Add(Convert(value, EmitValue(value), type, targetType));
            }
        }
        for (var i = 0; i < targets.Count; i++)
        {
            if (addresses[i] == 0) continue;
            var type = TypeOfReference(targets[i]);
            StoreTo(addresses[i], evaluated[i], type, AccessAlignment(targets[i], type));
        }
        return 0;
    }

    /// <summary>The variables of a deconstruction's left side, nested tuples flattened, in source order.</summary>
    private void FlattenTargets(IOperation at, IOperation target, List<IOperation> targets)
    {
        switch (target)
        {
            case IDeclarationExpressionOperation declaration:
                FlattenTargets(at, declaration.Expression, targets);
                break;
            case ITupleOperation tuple:
                foreach (var element in tuple.Elements) FlattenTargets(at, element, targets);
                break;
            default:
                targets.Add(target);
                break;
        }
    }

    /// <summary>The values of a deconstruction's right side; it must be a tuple literal (nested ones flattened).</summary>
    private void FlattenValues(IOperation at, IOperation value, List<IOperation> values)
    {
        while (value is IConversionOperation { Operand: ITupleOperation } conversion) value = conversion.Operand;
        if (value is not ITupleOperation tuple)
            throw Unsupported(at, $"the deconstruction of {value.Syntax}, which is not a tuple literal (write (a, b) = (x, y), or assign each variable on its own line)");
        foreach (var element in tuple.Elements)
        {
            var inner = element;
            while (inner is IConversionOperation { Operand: ITupleOperation } conversion) inner = conversion.Operand;
            if (inner is ITupleOperation) FlattenValues(at, inner, values);
            else values.Add(element);
        }
    }
}
