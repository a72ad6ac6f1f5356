namespace BpfSharp.Compiler;

/// <summary>
/// The few collection APIs the shared compiler sources use that netstandard2.0 lacks (they are in every .NET the
/// compiler itself runs on), so that the sources compile unchanged here.
/// </summary>
internal static class CollectionPolyfills
{
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }

    public static HashSet<T> ToHashSet<T>(this IEnumerable<T> source, IEqualityComparer<T>? comparer) => new(source, comparer);
}
