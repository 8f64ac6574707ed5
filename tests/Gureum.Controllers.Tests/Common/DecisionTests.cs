using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Controllers.Common;
using k8s.Models;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

/// <summary>The one policy decision every kind shares: each combination of policy, ownership and edit-versus-drift.</summary>
public sealed class DecisionTests
{
    private static readonly IReadOnlyList<DriftEntry> Differs = [Drift.Entry("spec.ttl", "60", "300")];

    private static PassPolicy Policy(
        ManagementPolicy management = ManagementPolicy.Full,
        DriftPolicy drift = DriftPolicy.Correct,
        bool paused = false,
        bool adopt = false,
        bool requested = false,
        bool specEdited = false)
    {
        var annotations = new Dictionary<string, string>();
        if (paused) annotations[Annotations.Paused] = "true";
        if (adopt) annotations[Annotations.Adopt] = "true";
        if (requested) annotations[Annotations.ReconcileRequestedAt] = "now";
        var spec = new DnsRecordSpec
        {
            Zone = new DnsZoneSelector { Name = "example.com" }, Name = "www", Type = DnsRecordType.A, Values = ["192.0.2.1"],
            ManagementPolicy = management, DriftPolicy = drift,
        };
        var status = new DnsRecordStatus { ObservedGeneration = 2, SyncedGeneration = specEdited ? 1 : 2 };
        return PassPolicy.Of(spec, new V1ObjectMeta { Name = "www", Generation = 2, Annotations = annotations }, status);
    }

    private static Decision Decide(PassPolicy policy, bool exists = true, Ownership? ownership = null, bool differs = true) =>
        Decision.Decide(policy, new Sighting(exists, ownership ?? Ownership.Ours, differs ? Differs : []), "www.example.com. A");

    [Theory]
    [InlineData(DriftPolicy.Correct, false, WriteKind.CorrectDrift, true)]
    [InlineData(DriftPolicy.Correct, true, WriteKind.Update, false)]
    [InlineData(DriftPolicy.Report, true, WriteKind.Update, false)]
    public void A_difference_is_drift_only_when_AWS_had_matched_this_generation(DriftPolicy drift, bool specEdited, WriteKind write, bool isDrift)
    {
        var decision = Decide(Policy(drift: drift, specEdited: specEdited));

        Assert.Equal(write, decision.Write);
        Assert.Equal(isDrift, decision.IsDrift);
        Assert.Equal(PassState.Progressing, decision.State);
    }

    [Fact]
    public void Report_holds_drift_until_a_reconcile_is_requested()
    {
        var held = Decide(Policy(drift: DriftPolicy.Report));
        var requested = Decide(Policy(drift: DriftPolicy.Report, requested: true));

        Assert.Null(held.Write);
        Assert.True(held.IsDrift);
        Assert.Equal((PassState.Waiting, ConditionReasons.DriftReported), (held.State, held.Reason));
        Assert.Equal(WriteKind.CorrectDrift, requested.Write);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Paused_never_writes_and_still_tells_drift_from_an_edit(bool specEdited, bool isDrift)
    {
        var decision = Decide(Policy(paused: true, specEdited: specEdited));

        Assert.Null(decision.Write);
        Assert.Equal(isDrift, decision.IsDrift);
        Assert.Equal((PassState.Waiting, ConditionReasons.Paused), (decision.State, decision.Reason));
    }

    [Theory]
    [InlineData(true, true, PassState.Waiting, ConditionReasons.DriftReported)]
    [InlineData(true, false, PassState.Ready, ConditionReasons.InSync)]
    [InlineData(false, false, PassState.Waiting, ConditionReasons.NotFound)]
    public void ObserveOnly_never_writes(bool exists, bool differs, PassState state, string reason)
    {
        foreach (var edited in new[] { false, true })
        {
            var decision = Decide(Policy(ManagementPolicy.ObserveOnly, specEdited: edited, requested: true), exists, Ownership.NotManaged, differs);

            Assert.Null(decision.Write);
            Assert.Equal((state, reason), (decision.State, decision.Reason));
        }
    }

    [Fact]
    public void Someone_elses_resource_is_never_touched_and_the_owner_is_named()
    {
        var decision = Decide(Policy(adopt: true, specEdited: true), ownership: Ownership.SomeoneElse("prod/DnsRecord/www in cluster b"));

        Assert.Null(decision.Write);
        Assert.Equal((PassState.Stalled, ConditionReasons.NotOwned), (decision.State, decision.Reason));
        Assert.Contains("prod/DnsRecord/www in cluster b", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unmanaged_resource_is_adopted_only_when_asked()
    {
        var refused = Decide(Policy(specEdited: true), ownership: Ownership.NotManaged, differs: false);
        var adopted = Decide(Policy(adopt: true, specEdited: true), ownership: Ownership.NotManaged, differs: false);

        Assert.Equal((PassState.Stalled, ConditionReasons.NotOwned), (refused.State, refused.Reason));
        Assert.Contains(Annotations.Adopt, refused.Message, StringComparison.Ordinal);
        Assert.Equal(WriteKind.Adopt, adopted.Write);
    }

    [Theory]
    [InlineData(true, WriteKind.Create, false)]
    [InlineData(false, WriteKind.CorrectDrift, true)]
    public void A_missing_resource_is_created_or_its_removal_is_drift(bool specEdited, WriteKind write, bool isDrift)
    {
        var decision = Decide(Policy(specEdited: specEdited), exists: false, ownership: Ownership.Ours);

        Assert.Equal(write, decision.Write);
        Assert.Equal(isDrift, decision.IsDrift);
    }

    [Fact]
    public void Nothing_to_do_is_Ready_InSync_under_every_policy()
    {
        foreach (var drift in Enum.GetValues<DriftPolicy>())
        foreach (var paused in new[] { false, true })
        {
            var decision = Decide(Policy(drift: drift, paused: paused), differs: false);

            Assert.Null(decision.Write);
            Assert.Equal((PassState.Ready, ConditionReasons.InSync), (decision.State, decision.Reason));
        }
    }

    [Fact]
    public void A_request_is_recorded_as_handled_and_counts_once()
    {
        var spec = new DnsRecordSpec { Zone = new DnsZoneSelector { Name = "example.com" }, Name = "www", Type = DnsRecordType.A, Values = ["192.0.2.1"] };
        var meta = new V1ObjectMeta { Name = "www", Generation = 1, Annotations = new Dictionary<string, string> { [Annotations.ReconcileRequestedAt] = "t1" } };

        var first = PassPolicy.Of(spec, meta, new DnsRecordStatus { SyncedGeneration = 1 });
        var again = PassPolicy.Of(spec, meta, new DnsRecordStatus { SyncedGeneration = 1, LastHandledReconcileAt = "t1" });

        Assert.True(first.RequestedNow);
        Assert.Equal("t1", first.RequestToRecord);
        Assert.False(again.RequestedNow);
        Assert.False(again.SpecChangedSinceSync);
    }
}
