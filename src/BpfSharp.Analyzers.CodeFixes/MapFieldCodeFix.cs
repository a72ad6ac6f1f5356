using System.Collections.Immutable;
using System.Composition;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpfSharp.Analyzers.CodeFixes;

/// <summary>BPF0101 on a map field that lacks <c>static</c> or <c>readonly</c>: adds them.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MapFieldCodeFix)), Shared]
public sealed class MapFieldCodeFix : BpfCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [BpfDiagnostics.MapField.Id];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    protected override CodeAction? Fix(Document document, SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellation)
    {
        var declarator = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<VariableDeclaratorSyntax>();
        if (declarator?.Parent?.Parent is not FieldDeclarationSyntax field) return null;
        if (semanticModel.GetDeclaredSymbol(declarator, cancellation) is not IFieldSymbol symbol || !MapTypes.IsMapType(symbol.Type)) return null;
        if (symbol.IsStatic && symbol.IsReadOnly) return null;
        return Replacing("Make the map field static readonly", document, root, field, StaticReadOnly(field));
    }

    /// <summary>The field with <c>static readonly</c> after its accessibility, as C# style orders modifiers.</summary>
    private static FieldDeclarationSyntax StaticReadOnly(FieldDeclarationSyntax field)
    {
        var kept = field.Modifiers.Where(m => !m.IsKind(SyntaxKind.StaticKeyword) && !m.IsKind(SyntaxKind.ReadOnlyKeyword)).ToList();
        var accessibility = kept.TakeWhile(IsAccessibility).ToList();
        var rest = kept.Skip(accessibility.Count);
        var modifiers = accessibility
            .Append(SyntaxFactory.Token(SyntaxKind.StaticKeyword))
            .Append(SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword))
            .Concat(rest)
            .Select(m => m.WithLeadingTrivia().WithTrailingTrivia(SyntaxFactory.Space))
            .ToList();
        var leading = field.Modifiers.Count > 0 ? field.Modifiers[0].LeadingTrivia : field.Declaration.GetLeadingTrivia();
        modifiers[0] = modifiers[0].WithLeadingTrivia(leading);
        return field.WithDeclaration(field.Declaration.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(modifiers));
    }

    private static bool IsAccessibility(SyntaxToken modifier) => modifier.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword
        or SyntaxKind.InternalKeyword or SyntaxKind.ProtectedKeyword;
}
