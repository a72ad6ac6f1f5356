using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace BpfSharp.Analyzers.CodeFixes;

/// <summary>A fix of BpfSharp diagnostics: each diagnostic is looked at with its document's syntax root and semantic model.</summary>
public abstract class BpfCodeFix : CodeFixProvider
{
    /// <summary>Each fix says whether "fix all" may batch it: not where one fix's choice depends on the others' (a free name).</summary>
    public abstract override FixAllProvider? GetFixAllProvider();

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root == null || semanticModel == null) return;
        foreach (var diagnostic in context.Diagnostics)
            if (Fix(context.Document, root, semanticModel, diagnostic, context.CancellationToken) is { } action)
                context.RegisterCodeFix(action, diagnostic);
    }

    /// <summary>The fix of <paramref name="diagnostic"/>, or null where no mechanical fix keeps the program's meaning.</summary>
    protected abstract CodeAction? Fix(Document document, SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellation);

    /// <summary>An action named <paramref name="title"/> that replaces <paramref name="node"/> in <paramref name="document"/>.</summary>
    protected CodeAction Replacing(string title, Document document, SyntaxNode root, SyntaxNode node, SyntaxNode replacement) =>
        CodeAction.Create(title, _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(node, replacement))), equivalenceKey: GetType().Name);
}
