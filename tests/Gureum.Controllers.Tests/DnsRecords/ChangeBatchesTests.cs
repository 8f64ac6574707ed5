using Gureum.Aws.Route53;
using Gureum.Controllers.DnsRecords;
using Xunit;

namespace Gureum.Controllers.Tests.DnsRecords;

public sealed class ChangeBatchesTests
{
    private static ChangeGroup Group(ChangeAction action, int values, int valueLength = 10) =>
        new([new RecordChange(action, new ResourceRecordSet("x.example.com.", "TXT", 300,
            Enumerable.Range(0, values).Select(_ => new string('v', valueLength)).ToArray()))]);

    [Fact]
    public void An_UPSERT_counts_twice()
    {
        Assert.Equal(3, Group(ChangeAction.Create, 3).Elements);
        Assert.Equal(6, Group(ChangeAction.Upsert, 3).Elements);
        Assert.Equal(60, Group(ChangeAction.Upsert, 3, 10).Characters);
    }

    [Theory]
    [InlineData(1000, 1, 1)]
    [InlineData(1001, 1, 2)]
    [InlineData(2500, 1, 3)]
    [InlineData(500, 2, 1)]
    [InlineData(501, 2, 2)]
    public void Groups_are_packed_under_1000_elements(int groups, int valuesEach, int expectedBatches)
    {
        var items = Enumerable.Range(0, groups).Select(_ => Group(ChangeAction.Create, valuesEach)).ToList();
        var batches = ChangeBatches.Split(items, g => g);
        Assert.Equal(expectedBatches, batches.Count);
        Assert.All(batches, batch => Assert.True(batch.Sum(g => g.Elements) <= ChangeBatches.MaxElements));
        Assert.Equal(groups, batches.Sum(batch => batch.Count));
    }

    [Fact]
    public void Groups_are_packed_under_32000_characters()
    {
        var items = Enumerable.Range(0, 10).Select(_ => Group(ChangeAction.Upsert, 1, 4000)).ToList();
        var batches = ChangeBatches.Split(items, g => g);
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        Assert.All(batches, batch => Assert.True(batch.Sum(g => g.Characters) <= ChangeBatches.MaxCharacters));
    }

    [Fact]
    public void A_group_is_never_split_across_batches()
    {
        var pair = new ChangeGroup([
            new RecordChange(ChangeAction.Create, new ResourceRecordSet("a.example.com.", "A", 300, ["192.0.2.1"])),
            new RecordChange(ChangeAction.Create, new ResourceRecordSet("gureum-a-a.example.com.", "TXT", 300, ["\"x\""])),
        ]);
        var items = new[] { Group(ChangeAction.Create, 999), pair };
        var batches = ChangeBatches.Split(items, g => g);
        Assert.Equal(2, batches.Count);
        Assert.Same(pair, Assert.Single(batches[1]));
    }
}
