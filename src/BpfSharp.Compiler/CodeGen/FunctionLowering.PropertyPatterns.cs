using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Property patterns on structs, <c>h is { Protocol: 17, Ttl: &gt; 1 }</c>: each member is read from the matched value
/// (fields at their offsets, properties through their getters) and tested by its sub-pattern; all must hold. A struct
/// is never null, so the braces alone always match.
/// </summary>
internal sealed partial class FunctionLowering
{
    /// <summary>The value a property pattern is matching, which its members' implicit instance denotes.</summary>
    private readonly Stack<nint> _patternInputs = new();

    private nint EmitRecursivePattern(IRecursivePatternOperation pattern, nint value, ITypeSymbol type)
    {
        if (!pattern.DeconstructionSubpatterns.IsEmpty)
            throw Unsupported(pattern, $"the positional pattern {pattern.Syntax} (match the fields by name: {{ Field: value }})");
        if (!TypeLowering.IsStruct(type) && !pattern.PropertySubpatterns.IsEmpty)
            throw Unsupported(pattern, $"the property pattern {pattern.Syntax} on {Diagnostics.TypeDisplay.Of(type)} (property patterns match structs)");
        if (pattern.MatchedType is { } matched && !SymbolEqualityComparer.Default.Equals(matched, type))
            throw Unsupported(pattern, $"the type test in {pattern.Syntax} (the type is known at compile time; leave it out)");
        if (pattern.DeclaredSymbol is ILocalSymbol declared)
            StoreTo(_locals[declared], value, type, BaseAlignment);
        var matches = _t.True;
        _patternInputs.Push(value);
        try
        {
            foreach (var subpattern in pattern.PropertySubpatterns)
            {
                var memberType = subpattern.Member.Type ?? throw Unsupported(subpattern, "a pattern member without a type");
                var memberValue = EmitValue(subpattern.Member);
                matches = _b.And(matches, EmitPattern(subpattern.Pattern, memberValue, memberType));
            }
        }
        finally
        {
            _patternInputs.Pop();
        }
        return matches;
    }

    private nint PatternInput(IOperation at) =>
        _patternInputs.Count > 0 ? _patternInputs.Peek() : throw Unsupported(at, "a pattern member outside a property pattern");

    private static bool IsPatternInput(IOperation operation) =>
        operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput };
}
