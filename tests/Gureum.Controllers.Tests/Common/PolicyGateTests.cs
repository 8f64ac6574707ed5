using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using k8s.Models;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class PolicyGateTests
{
    private static DnsRecordSpec Spec(ManagementPolicy management = ManagementPolicy.Full, DriftPolicy drift = DriftPolicy.Correct) => new()
    {
        Zone = new DnsZoneSelector { Name = "example.com" },
        Name = "www",
        Type = DnsRecordType.A,
        Values = ["192.0.2.1"],
        ManagementPolicy = management,
        DriftPolicy = drift,
    };

    private static V1ObjectMeta Meta(long generation = 2, params (string Key, string Value)[] annotations) => new()
    {
        Name = "www",
        Generation = generation,
        Annotations = annotations.ToDictionary(a => a.Key, a => a.Value),
    };

    private static DnsRecordStatus Status(long observed = 2, string? handled = null) =>
        new() { ObservedGeneration = observed, LastHandledReconcileAt = handled };

    [Fact]
    public void Full_and_Correct_may_write_and_correct()
    {
        var policy = PolicyGate.Decide(Spec(), Meta(), Status());
        Assert.True(policy.MayWrite);
        Assert.True(policy.MayCorrectDrift);
        Assert.Null(policy.BlockedReason);
    }

    [Fact]
    public void Paused_blocks_every_write()
    {
        var policy = PolicyGate.Decide(Spec(), Meta(2, (Annotations.Paused, "true")), Status());
        Assert.False(policy.MayWrite);
        Assert.False(policy.MayCorrectDrift);
        Assert.Equal(ConditionReasons.Paused, policy.BlockedReason);
    }

    [Fact]
    public void ObserveOnly_blocks_every_write()
    {
        var policy = PolicyGate.Decide(Spec(ManagementPolicy.ObserveOnly), Meta(), Status());
        Assert.False(policy.MayWrite);
        Assert.Equal(ConditionReasons.ObserveOnly, policy.BlockedReason);
    }

    [Theory]
    [InlineData(2, 2, null, null, false)]
    [InlineData(3, 2, null, null, true)]
    [InlineData(2, 2, "t1", null, true)]
    [InlineData(2, 2, "t1", "t1", false)]
    [InlineData(2, 2, "t2", "t1", true)]
    public void Report_corrects_only_after_a_spec_change_or_a_new_request(
        long generation, long observed, string? requested, string? handled, bool mayCorrect)
    {
        var annotations = requested is null ? [] : new[] { (Annotations.ReconcileRequestedAt, requested) };
        var policy = PolicyGate.Decide(Spec(drift: DriftPolicy.Report), Meta(generation, annotations), Status(observed, handled));
        Assert.True(policy.MayWrite);
        Assert.Equal(mayCorrect, policy.MayCorrectDrift);
        Assert.Equal(requested ?? handled, policy.RequestToRecord);
    }

    [Fact]
    public void Adopt_is_read_from_the_annotation()
    {
        Assert.True(PolicyGate.Decide(Spec(), Meta(2, (Annotations.Adopt, "true")), Status()).MayAdopt);
        Assert.False(PolicyGate.Decide(Spec(), Meta(2, (Annotations.Adopt, "false")), Status()).MayAdopt);
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete, ManagementPolicy.Full, false, true)]
    [InlineData(DeletionPolicy.Retain, ManagementPolicy.Full, false, false)]
    [InlineData(DeletionPolicy.Delete, ManagementPolicy.ObserveOnly, false, false)]
    [InlineData(DeletionPolicy.Delete, ManagementPolicy.Full, true, false)]
    public void Deletion_needs_Delete_Full_and_not_paused(DeletionPolicy deletion, ManagementPolicy management, bool paused, bool expected)
    {
        var spec = Spec(management) with { DeletionPolicy = deletion };
        var meta = paused ? Meta(2, (Annotations.Paused, "true")) : Meta();
        Assert.Equal(expected, PolicyGate.MayDelete(spec, meta));
    }
}
