using System.Collections.Immutable;
using System.Composition;
using System.Text;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpfSharp.Analyzers.CodeFixes;

/// <summary>
/// BPF0103 on a map whose name is too long or taken by another map: names it with <c>[Map(Name = "...")]</c>, the field's
/// name in snake case cut to the kernel's 15 characters, with a <c>_2</c>, <c>_3</c>, ... suffix when another map has it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MapNameCodeFix)), Shared]
public sealed class MapNameCodeFix : BpfCodeFix
{
    /// <summary>BPF_OBJ_NAME_LEN - 1: the longest object name the kernel keeps.</summary>
    private const int MaxNameLength = 15;

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [BpfDiagnostics.MapName.Id];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    protected override CodeAction? Fix(Document document, SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellation)
    {
        var declarator = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<VariableDeclaratorSyntax>();
        if (declarator?.Parent?.Parent is not FieldDeclarationSyntax field) return null;
        if (semanticModel.GetDeclaredSymbol(declarator, cancellation) is not IFieldSymbol symbol) return null;
        var attribute = field.AttributeLists.SelectMany(list => list.Attributes)
            .FirstOrDefault(a => MapTypes.IsMapAttribute(semanticModel.GetTypeInfo(a, cancellation).Type as INamedTypeSymbol));
        if (attribute == null) return null;
        var name = FreeName(symbol, semanticModel.Compilation);
        return Replacing($"Name the map \"{name}\"", document, root, attribute, WithName(attribute, name));
    }

    /// <summary>A name for <paramref name="field"/> no other map of the compilation has, of at most 15 characters.</summary>
    private static string FreeName(IFieldSymbol field, Compilation compilation)
    {
        var taken = new HashSet<string>(MapFields(compilation.GlobalNamespace)
            .Where(other => !SymbolEqualityComparer.Default.Equals(other, field))
            .Select(MapTypes.NameOf));
        var wanted = Shorten(SnakeCase(field.Name), MaxNameLength);
        var name = wanted;
        for (var i = 2; taken.Contains(name); i++)
        {
            var suffix = "_" + i;
            name = Shorten(wanted, MaxNameLength - suffix.Length) + suffix;
        }
        return name;
    }

    private static IEnumerable<IFieldSymbol> MapFields(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is IFieldSymbol field && field.GetAttributes().Any(a => MapTypes.IsMapAttribute(a.AttributeClass))) yield return field;
            if (member is INamespaceOrTypeSymbol nested && member.Locations.Any(l => l.IsInSource))
                foreach (var inner in MapFields(nested)) yield return inner;
        }
    }

    /// <summary><c>ReplicaStatusCounters</c> to <c>replica_status_counters</c>.</summary>
    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder();
        var words = name.StartsWith("s_", StringComparison.Ordinal) && name.Length > 2 ? name.Substring(2) : name;
        foreach (var c in words)
        {
            if (char.IsUpper(c) && builder.Length > 0 && builder[builder.Length - 1] != '_') builder.Append('_');
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_');
        }
        return builder.ToString();
    }

    private static string Shorten(string name, int length) =>
        (name.Length <= length ? name : name.Substring(0, length)).TrimEnd('_');

    private static AttributeSyntax WithName(AttributeSyntax attribute, string name)
    {
        var value = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name));
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.Text == "Name");
        if (existing != null) return attribute.ReplaceNode(existing, existing.WithExpression(value));
        var named = SyntaxFactory.ParseAttributeArgumentList($"(Name = {value.ToFullString()})")!.Arguments[0];
        var arguments = (attribute.ArgumentList?.Arguments ?? default).Add(named);
        var separators = Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), arguments.Count - 1);
        return attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(arguments, separators)));
    }
}
