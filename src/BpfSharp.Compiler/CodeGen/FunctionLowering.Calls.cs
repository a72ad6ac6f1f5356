using BpfSharp.Compiler.Llvm;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace BpfSharp.Compiler.CodeGen;

/// <summary>
/// Calls. Subset methods become internal <c>alwaysinline</c> LLVM functions (inlined by the O2 pipeline, so the verifier
/// sees one flat program and packet pointers never cross a BPF-to-BPF call); struct arguments are passed as pointers to
/// copies, struct results through a hidden pointer, <c>ref</c>/<c>in</c>/<c>out</c> arguments as addresses.
/// </summary>
internal sealed partial class FunctionLowering
{
    private nint EmitInvocation(IInvocationOperation invocation)
    {
        if (TryEmitIntrinsic(invocation, out var result)) return result;
        var method = GenericInstanceScope.Resolve(invocation.TargetMethod);
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface)
            throw Unsupported(invocation, $"the virtual or interface call {method.Name}");
        if (!method.IsStatic && method.ContainingType.TypeKind != TypeKind.Struct)
            throw Unsupported(invocation, $"the instance method {method.Name} of the class {method.ContainingType.Name}");
        return EmitCall(invocation, method, invocation.Instance, invocation.Arguments);
    }

    private nint EmitCall(IOperation at, IMethodSymbol method, IOperation? instance, IEnumerable<IArgumentOperation> arguments)
    {
        if (!method.DeclaringSyntaxReferences.Any())
            throw Unsupported(at, $"{method.ContainingType.Name}.{method.Name}, which is neither a BPF intrinsic nor a method with C# source in the program");
        var function = Callee(at, method);
        var values = new List<nint>();
        nint result = 0;
        if (function.ReturnsThroughPointer)
        {
            result = NewSlot(method.ReturnType, zeroed: false);
            values.Add(result);
        }
        if (!method.IsStatic)
            values.Add(instance != null ? EmitAddress(instance) : _this);
        var ordered = new nint[method.Parameters.Length];
        foreach (var argument in arguments)
        {
            var parameter = argument.Parameter ?? throw Unsupported(argument, "an argument without a parameter");
            if (argument.ArgumentKind == ArgumentKind.ParamArray) throw Unsupported(argument, "params arrays");
            ordered[parameter.Ordinal] = Argument(argument.Value, parameter);
        }
        values.AddRange(ordered);
        var call = _b.Call(function.Type, function.Handle, values.ToArray());
        if (function.ReturnsThroughPointer) return result;
        return call;
    }

    /// <summary>The function of a program method; the checked model holds every method a checked program calls.</summary>
    private LoweredFunction Callee(IOperation at, IMethodSymbol method) =>
        _m.FunctionOf(method) ?? throw Unsupported(at, $"{method.ContainingType.Name}.{method.Name}, which the subset check did not reach from an entry point");

    private nint Argument(IOperation value, IParameterSymbol parameter)
    {
        if (parameter.RefKind != RefKind.None) return EmitAddress(value);
        if (TypeLowering.IsStruct(parameter.Type))
        {
            var copy = NewSlot(parameter.Type, zeroed: false);
            CopyStruct(copy, EmitValue(value), parameter.Type, BaseAlignment, PlacementAlignment(value));
            return copy;
        }
        var scalar = EmitValue(value);
        return scalar;
    }

    private nint EmitPropertyGet(IPropertyReferenceOperation property)
    {
        if (TryEmitIntrinsicProperty(property, out var value)) return value;
        var getter = property.Property.GetMethod ?? throw Unsupported(property, $"the property {property.Property.Name} without a getter");
        if (!getter.IsStatic && getter.ContainingType.TypeKind != TypeKind.Struct)
            throw Unsupported(property, $"the property {property.Property.Name} of the class {getter.ContainingType.Name}");
        var result = EmitCall(property, getter, property.Instance, property.Arguments);
        return getter.ReturnsByRef && !TypeLowering.IsStruct(getter.ReturnType)
            ? LoadScalar(result, getter.ReturnType, AlignmentOfType(getter.ReturnType), isVolatile: false)
            : result;
    }

    private nint EmitPropertySet(IPropertyReferenceOperation property, IOperation value)
    {
        var setter = property.Property.SetMethod ?? throw Unsupported(property, $"the property {property.Property.Name} without a setter");
        if (property.Arguments.Length > 0) throw Unsupported(property, "indexers");
        if (!setter.DeclaringSyntaxReferences.Any())
            throw Unsupported(property, $"the property {property.Property.Name}, which has no C# source in the program");
        var function = Callee(property, setter);
        var values = new List<nint>();
        if (!setter.IsStatic) values.Add(property.Instance != null ? EmitAddress(property.Instance) : _this);
        var evaluated = Argument(value, setter.Parameters[0]);
        values.Add(evaluated);
        _b.Call(function.Type, function.Handle, values.ToArray());
        return evaluated;
    }

    private nint EmitObjectCreation(IObjectCreationOperation creation)
    {
        var type = creation.Type!;
        if (!TypeLowering.IsStruct(type)) throw Unsupported(creation, $"allocating an instance of {type.ToDisplayString()}");
        var instance = Zero(creation, type);
        if (creation.Constructor is { IsImplicitlyDeclared: false } constructor)
        {
            if (!constructor.DeclaringSyntaxReferences.Any())
                throw Unsupported(creation, $"the constructor of {type.Name}, which has no C# source in the program");
            var function = Callee(creation, constructor);
            var values = new List<nint> { instance };
            var ordered = new nint[constructor.Parameters.Length];
            foreach (var argument in creation.Arguments)
                ordered[argument.Parameter!.Ordinal] = Argument(argument.Value, argument.Parameter);
            values.AddRange(ordered);
            _b.Call(function.Type, function.Handle, values.ToArray());
        }
        if (creation.Initializer != null) throw Unsupported(creation, "an object initializer outside control flow");
        return instance;
    }
}
