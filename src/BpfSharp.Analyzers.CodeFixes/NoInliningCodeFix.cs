using System.Collections.Immutable;
using System.Composition;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpfSharp.Analyzers.CodeFixes;

/// <summary>
/// BPF0015 on a <c>[MethodImpl(MethodImplOptions.NoInlining)]</c> method taking more than five arguments: removes the
/// attribute, so that the method is inlined and its arguments never travel in registers.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoInliningCodeFix)), Shared]
public sealed class NoInliningCodeFix : BpfCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [BpfDiagnostics.TooManyArguments.Id];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    protected override CodeAction? Fix(Document document, SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellation)
    {
        var method = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>();
        var attribute = method?.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a => IsNoInliningOnly(a, semanticModel));
        if (method == null || attribute == null) return null;
        return Replacing("Let the method be inlined (remove NoInlining)", document, root, method, Without(method, attribute));
    }

    /// <summary>True for <c>[MethodImpl(MethodImplOptions.NoInlining)]</c> with no other option, which removing loses nothing else.</summary>
    private static bool IsNoInliningOnly(AttributeSyntax attribute, SemanticModel semanticModel)
    {
        if (semanticModel.GetTypeInfo(attribute).Type?.ToDisplayString() != "System.Runtime.CompilerServices.MethodImplAttribute") return false;
        if (attribute.ArgumentList is not { Arguments: [var only] }) return false;
        var value = semanticModel.GetConstantValue(only.Expression);
        return value.HasValue && Convert.ToInt32(value.Value) == (int)System.Runtime.CompilerServices.MethodImplOptions.NoInlining;
    }

    private static MethodDeclarationSyntax Without(MethodDeclarationSyntax method, AttributeSyntax attribute)
    {
        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count > 1) return method.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        var updated = method.WithAttributeLists(method.AttributeLists.Remove(list));
        // What stood before the removed list (a blank line, the indentation) now stands before the method's first token.
        return method.AttributeLists.IndexOf(list) == 0 ? updated.WithLeadingTrivia(list.GetLeadingTrivia()) : updated;
    }
}
