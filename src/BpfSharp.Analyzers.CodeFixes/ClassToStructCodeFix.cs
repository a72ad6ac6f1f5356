using System.Collections.Immutable;
using System.Composition;
using BpfSharp.Compiler.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BpfSharp.Analyzers.CodeFixes;

/// <summary>
/// BPF0001 on <c>new T(...)</c> of a class of the program: declares <c>T</c> as a struct, which lives on the BPF stack.
/// Offered only when the class is a plain bag of data that means the same as a struct: no base class, not static or
/// abstract, no protected or virtual members, no finalizer, and no field initializers without a constructor (which a
/// struct refuses).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClassToStructCodeFix)), Shared]
public sealed class ClassToStructCodeFix : BpfCodeFix
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [BpfDiagnostics.Allocation.Id];

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

    /// <inheritdoc />
    protected override CodeAction? Fix(Document document, SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellation)
    {
        var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>();
        if (creation == null || semanticModel.GetTypeInfo(creation, cancellation).Type is not INamedTypeSymbol type) return null;
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellation)).OfType<ClassDeclarationSyntax>().ToList();
        if (declarations.Count == 0 || declarations.Count != type.DeclaringSyntaxReferences.Length || !BehavesAsStruct(type, declarations)) return null;
        var solution = document.Project.Solution;
        return CodeAction.Create($"Declare {type.Name} as a struct", token => AsStruct(solution, declarations, token), equivalenceKey: nameof(ClassToStructCodeFix));
    }

    private static bool BehavesAsStruct(INamedTypeSymbol type, List<ClassDeclarationSyntax> declarations) =>
        type.TypeKind == TypeKind.Class
        && type.BaseType?.SpecialType == SpecialType.System_Object
        && !type.IsStatic && !type.IsAbstract && !type.IsGenericType
        && type.GetMembers().All(member => member.IsImplicitlyDeclared
            || (member.DeclaredAccessibility is not (Accessibility.Protected or Accessibility.ProtectedOrInternal or Accessibility.ProtectedAndInternal)
                && !member.IsVirtual && !member.IsAbstract
                && member is not IMethodSymbol { MethodKind: MethodKind.Destructor }))
        && (!declarations.Any(HasFieldInitializer) || declarations.Any(d => d.Members.OfType<ConstructorDeclarationSyntax>().Any()));

    private static bool HasFieldInitializer(ClassDeclarationSyntax declaration) =>
        declaration.Members.OfType<FieldDeclarationSyntax>().Any(f => f.Declaration.Variables.Any(v => v.Initializer != null))
        || declaration.Members.OfType<PropertyDeclarationSyntax>().Any(p => p.Initializer != null);

    private static async Task<Solution> AsStruct(Solution solution, List<ClassDeclarationSyntax> declarations, CancellationToken cancellation)
    {
        foreach (var byTree in declarations.GroupBy(d => d.SyntaxTree))
        {
            var document = solution.GetDocument(byTree.Key);
            if (document == null) continue;
            var root = await byTree.Key.GetRootAsync(cancellation).ConfigureAwait(false);
            root = root.ReplaceNodes(byTree, (original, _) => StructOf(original));
            solution = solution.WithDocumentSyntaxRoot(document.Id, root);
        }
        return solution;
    }

    private static StructDeclarationSyntax StructOf(ClassDeclarationSyntax declaration)
    {
        var modifiers = declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.SealedKeyword)).ToList();
        var modifierList = SyntaxFactory.TokenList(modifiers);
        var keyword = SyntaxFactory.Token(declaration.Keyword.LeadingTrivia, SyntaxKind.StructKeyword, declaration.Keyword.TrailingTrivia);
        if (modifiers.Count < declaration.Modifiers.Count && modifiers.Count == 0)
            keyword = keyword.WithLeadingTrivia(declaration.Modifiers[0].LeadingTrivia);
        return SyntaxFactory.StructDeclaration(declaration.AttributeLists, modifierList, keyword, declaration.Identifier,
            declaration.TypeParameterList, declaration.BaseList, declaration.ConstraintClauses, declaration.OpenBraceToken,
            declaration.Members, declaration.CloseBraceToken, declaration.SemicolonToken);
    }
}
