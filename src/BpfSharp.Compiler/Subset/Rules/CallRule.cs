using BpfSharp.Compiler.Diagnostics;
using BpfSharp.Compiler.Subset.Generics;
using BpfSharp.Compiler.Surface;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.Subset.Rules;

/// <summary>
/// Every call (method, property accessor, constructor, user-defined operator or conversion): a call into the program
/// adds an edge to the call graph, an intrinsic passes, anything else is reported — LINQ as BPF0005, dispatch at run
/// time as BPF0006, the rest as BPF0010. An operator of generic math on a type parameter is checked for each instance of
/// its method (<see cref="GenericInstances"/>); any other static abstract member is BPF0016.
/// </summary>
internal sealed class CallRule : ISubsetRule
{
    public void Check(IOperation operation, MethodContext context)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke }:
                return;
            case IInvocationOperation invocation:
                Classify(invocation.TargetMethod, invocation, context, virtualDispatch: invocation.IsVirtual);
                return;
            case IPropertyReferenceOperation reference:
                foreach (var accessor in Accessors(reference))
                    Classify(accessor, reference, context, virtualDispatch: IsDispatched(accessor));
                return;
            case IObjectCreationOperation { Constructor: { } constructor } creation when creation.Type is { IsValueType: true }:
                if (!constructor.IsImplicitlyDeclared) Classify(constructor, creation, context, virtualDispatch: false);
                return;
            case IEventReferenceOperation:
                context.Report(BpfDiagnostics.Delegates, operation.Syntax.GetLocation(), operation.Syntax.ToString());
                return;
        }

        var userOperator = operation switch
        {
            IUnaryOperation unary => unary.OperatorMethod,
            IBinaryOperation binary => binary.OperatorMethod,
            IIncrementOrDecrementOperation step => step.OperatorMethod,
            ICompoundAssignmentOperation compound => compound.OperatorMethod,
            IConversionOperation conversion => conversion.OperatorMethod,
            _ => null,
        };
        if (userOperator is not null) Classify(userOperator, operation, context, virtualDispatch: false);
    }

    private static void Classify(IMethodSymbol target, IOperation site, MethodContext context, bool virtualDispatch)
    {
        var location = site.Syntax.GetLocation();
        string name = target.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
        if (GenericInstances.IsStaticAbstract(target))
        {
            if (GenericInstances.IsOperatorSite(site, target)) context.AddGenericOperator(site, target);
            else context.Report(BpfDiagnostics.GenericMathMember, location, site.Syntax.ToString());
            return;
        }
        if (virtualDispatch || (IsDispatched(target) && site is not IObjectCreationOperation))
        {
            context.Report(BpfDiagnostics.VirtualCall, location, name);
            return;
        }

        if (context.IsInProgram(target))
        {
            if (HasBody(target)) context.AddCall(target, location);
            else context.Report(BpfDiagnostics.OutsideCall, location, name);
            return;
        }

        if (RuntimeSurface.Find(target) is not null) return;

        string? typeName = target.ContainingType?.ToDisplayString();
        if (typeName is "System.Linq.Enumerable" or "System.Linq.Queryable")
            context.Report(BpfDiagnostics.Enumeration, location, name);
        else
            context.Report(BpfDiagnostics.OutsideCall, location, name);
    }

    private static bool IsDispatched(IMethodSymbol method) =>
        !method.IsStatic
        && (method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface)
        && method.MethodKind != MethodKind.Constructor;

    private static bool HasBody(IMethodSymbol method) =>
        !method.IsExtern && !method.IsAbstract && !method.IsImplicitlyDeclared
        && method.DeclaringSyntaxReferences.Length > 0
        && !(method.IsPartialDefinition && method.PartialImplementationPart is null);

    private static IEnumerable<IMethodSymbol> Accessors(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        bool writes = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
            || reference.Parent is IIncrementOrDecrementOperation;
        bool reads = !(reference.Parent is ISimpleAssignmentOperation simple && simple.Target == reference);
        if (reads && property.GetMethod is { } getter) yield return getter;
        if (writes && property.SetMethod is { } setter) yield return setter;
    }
}
