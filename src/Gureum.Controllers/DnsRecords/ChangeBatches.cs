using Gureum.Aws.Route53;

namespace Gureum.Controllers.DnsRecords;

/// <summary>The changes of one DnsRecord that must land together (the record and its ownership TXT).</summary>
internal sealed record ChangeGroup(IReadOnlyList<RecordChange> Changes)
{
    /// <summary>ResourceRecord elements as Route53 counts them against its 1,000 limit: an UPSERT counts twice.</summary>
    public int Elements => Changes.Sum(change => Weight(change) * Math.Max(1, change.RecordSet.Values.Count));

    /// <summary>Characters of Value elements against the 32,000 limit; an UPSERT counts twice.</summary>
    public int Characters => Changes.Sum(change => Weight(change) * change.RecordSet.Values.Sum(value => value.Length));

    private static int Weight(RecordChange change) => change.Action == ChangeAction.Upsert ? 2 : 1;
}

/// <summary>Pure: packs groups, in order and never split, into as few batches as Route53's limits allow.</summary>
internal static class ChangeBatches
{
    public const int MaxElements = 1000;
    public const int MaxCharacters = 32_000;

    public static IReadOnlyList<IReadOnlyList<T>> Split<T>(
        IReadOnlyList<T> items, Func<T, ChangeGroup> group, int maxElements = MaxElements, int maxCharacters = MaxCharacters)
    {
        var batches = new List<IReadOnlyList<T>>();
        var current = new List<T>();
        int elements = 0, characters = 0;
        foreach (var item in items)
        {
            var g = group(item);
            if (current.Count > 0 && (elements + g.Elements > maxElements || characters + g.Characters > maxCharacters))
            {
                batches.Add(current);
                current = [];
                elements = characters = 0;
            }
            // A single group over the limits still goes alone: Route53 answers for it, and only it fails.
            current.Add(item);
            elements += g.Elements;
            characters += g.Characters;
        }
        if (current.Count > 0)
            batches.Add(current);
        return batches;
    }
}
