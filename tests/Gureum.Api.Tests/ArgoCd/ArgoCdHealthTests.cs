using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gureum.Api.V1Alpha1;
using NLua;
using Xunit;

namespace Gureum.Api.Tests.ArgoCd;

/// <summary>Runs every deploy/argocd/health script in a real Lua interpreter (NLua, Lua 5.4; the scripts keep to Lua 5.1 as gopher-lua in Argo CD).</summary>
public sealed class ArgoCdHealthTests
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static TheoryData<string> Kinds => new(ArgoCdHealthPatch.Kinds);

    private static Condition Cond(string type, ConditionStatus status, string reason, string message, long generation = 2) => new()
    {
        Type = type, Status = status, Reason = reason, Message = message,
        LastTransitionTime = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), ObservedGeneration = generation,
    };

    private static ResourceStatus Status(string kind, long? observedGeneration, params Condition[] conditions) => kind switch
    {
        DnsRecord.KindName => new DnsRecordStatus { ObservedGeneration = observedGeneration, Conditions = conditions },
        IamRole.KindName => new IamRoleStatus { ObservedGeneration = observedGeneration, Conditions = conditions },
        InstanceGroup.KindName => new InstanceGroupStatus { ObservedGeneration = observedGeneration, Conditions = conditions },
        LoadBalancer.KindName => new LoadBalancerStatus { ObservedGeneration = observedGeneration, Conditions = conditions },
        Rollout.KindName => new RolloutStatus { ObservedGeneration = observedGeneration, Conditions = conditions },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static JsonObject Object(string kind, ResourceStatus? status, long generation = 2, bool paused = false)
    {
        var metadata = new JsonObject { ["name"] = "web", ["namespace"] = "demo", ["generation"] = generation };
        if (paused)
            metadata["annotations"] = new JsonObject { [Annotations.Paused] = "true" };
        var obj = new JsonObject { ["apiVersion"] = GureumApi.ApiVersion, ["kind"] = kind, ["metadata"] = metadata, ["spec"] = new JsonObject() };
        if (status is not null)
            obj["status"] = JsonSerializer.SerializeToNode(status, status.GetType(), Json);
        return obj;
    }

    /// <summary>Runs the kind's script as Argo CD does: a global <c>obj</c> and the returned table.</summary>
    private static (string Status, string Message) Run(string kind, JsonObject obj)
    {
        using var lua = new Lua();
        lua.DoString("obj = " + ToLua(obj));
        var result = lua.DoString(ArgoCdHealthPatch.Script(kind), kind + ".lua");
        var table = Assert.IsType<LuaTable>(Assert.Single(result));
        return (Assert.IsType<string>(table["status"]), Assert.IsType<string>(table["message"]));
    }

    private static string ToLua(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(", ", o.Select(p => "[" + Quote(p.Key) + "] = " + ToLua(p.Value))) + "}",
        JsonArray a => "{" + string.Join(", ", a.Select(ToLua)) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(), // JSON and Lua write numbers alike
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        _ => "nil",
    };

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", _ => c.ToString() });
        return sb.Append('"').ToString();
    }

    [Fact]
    public void Committed_configmap_patch_equals_the_one_generated_from_the_lua_files()
    {
        var generated = ArgoCdHealthPatch.Render();
        if (Environment.GetEnvironmentVariable("GUREUM_REGENERATE_ARGOCD") == "1")
            File.WriteAllText(ArgoCdHealthPatch.PatchPath, generated);
        Assert.True(File.Exists(ArgoCdHealthPatch.PatchPath), "deploy/argocd/argocd-cm-patch.yaml is missing: regenerate it");
        Assert.Equal(generated, File.ReadAllText(ArgoCdHealthPatch.PatchPath).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_generated_patch_is_yaml_whose_entries_are_the_scripts()
    {
        var json = GureumYaml.ToJson(ArgoCdHealthPatch.Render());
        Assert.Equal("argocd-cm", json["metadata"]!["name"]!.GetValue<string>());
        var data = json["data"]!.AsObject();
        Assert.Equal(ArgoCdHealthPatch.Kinds.Select(k => "resource.customizations.health.gureum.dev_" + k), data.Select(p => p.Key));
        foreach (var kind in ArgoCdHealthPatch.Kinds)
            Assert.Equal(ArgoCdHealthPatch.Script(kind), data["resource.customizations.health.gureum.dev_" + kind]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Script_keeps_to_lua_5_1(string kind)
    {
        var script = ArgoCdHealthPatch.Script(kind);
        foreach (var feature in new[] { "goto ", "//", "<const>", "<close>", "utf8.", "table.unpack", "math.type", " & ", " | ", " ~ ", "<<", ">>" })
            Assert.DoesNotContain(feature, script);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void No_status_is_progressing(string kind)
    {
        Assert.Equal(("Progressing", "waiting for the controller"), Run(kind, Object(kind, null)));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Older_observed_generation_is_progressing_even_when_ready(string kind)
    {
        var obj = Object(kind, Status(kind, 1, Cond("Ready", ConditionStatus.True, "InSync", "matches the spec", 1)), generation: 2);
        Assert.Equal(("Progressing", "waiting for the controller to observe generation 2"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Stalled_is_degraded_with_its_message(string kind)
    {
        var obj = Object(kind, Status(kind, 2,
            Cond("Ready", ConditionStatus.False, "InvalidSpec", "spec.ttl: must be at least 1"),
            Cond("Reconciling", ConditionStatus.False, "Stalled", ""),
            Cond("Stalled", ConditionStatus.True, "InvalidSpec", "spec.ttl: must be at least 1")));
        Assert.Equal(("Degraded", "spec.ttl: must be at least 1"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Paused_is_suspended(string kind)
    {
        var obj = Object(kind, Status(kind, 2,
            Cond("Ready", ConditionStatus.False, "Paused", "writes are paused (gureum.dev/paused); not applied: spec.ttl"),
            Cond("Stalled", ConditionStatus.False, "Paused", "")), paused: true);
        Assert.Equal(("Suspended", "paused (gureum.dev/paused): writes are paused (gureum.dev/paused); not applied: spec.ttl"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Ready_is_healthy(string kind)
    {
        var obj = Object(kind, Status(kind, 2,
            Cond("Ready", ConditionStatus.True, "InSync", "the record matches the spec"),
            Cond("Reconciling", ConditionStatus.False, "InSync", ""),
            Cond("Stalled", ConditionStatus.False, "InSync", ""),
            Cond("Drifted", ConditionStatus.False, "NoDrift", "")));
        Assert.Equal(("Healthy", "the record matches the spec"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Reconciling_is_progressing(string kind)
    {
        var obj = Object(kind, Status(kind, 2,
            Cond("Ready", ConditionStatus.False, "DependencyNotReady", "waiting for LoadBalancer web"),
            Cond("Reconciling", ConditionStatus.True, "DependencyNotReady", "waiting for LoadBalancer web")));
        Assert.Equal(("Progressing", "waiting for LoadBalancer web"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Reported_drift_is_degraded(string kind)
    {
        var obj = Object(kind, Status(kind, 2,
            Cond("Ready", ConditionStatus.False, "DriftReported", "driftPolicy Report: spec.ttl: 300 -> 60"),
            Cond("Reconciling", ConditionStatus.False, "DriftReported", ""),
            Cond("Drifted", ConditionStatus.True, "DriftDetected", "spec.ttl: 300 -> 60")));
        Assert.Equal(("Degraded", "driftPolicy Report: spec.ttl: 300 -> 60"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Observe_only_resource_not_found_is_degraded(string kind)
    {
        var obj = Object(kind, Status(kind, 2, Cond("Ready", ConditionStatus.False, "NotFound", "the resource does not exist (ObserveOnly)")));
        Assert.Equal(("Degraded", "the resource does not exist (ObserveOnly)"), Run(kind, obj));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Transient_error_or_unknown_is_progressing(string kind)
    {
        Assert.Equal(("Progressing", "throttled by AWS"),
            Run(kind, Object(kind, Status(kind, 2, Cond("Ready", ConditionStatus.False, "Throttled", "throttled by AWS")))));
        Assert.Equal(("Progressing", "Creating"),
            Run(kind, Object(kind, Status(kind, 2, Cond("Ready", ConditionStatus.Unknown, "Creating", "")))));
        Assert.Equal(("Progressing", "waiting for the controller"), Run(kind, Object(kind, Status(kind, 2))));
    }

    private static JsonObject RolloutObject(RolloutPhase phase, Condition ready, params RevisionRecord[] history) =>
        Object(Rollout.KindName, new RolloutStatus
        {
            ObservedGeneration = 2, Phase = phase, Conditions = [ready], History = history,
            CurrentRevision = 3, StableRevision = 2, ActiveGroup = "web-2",
        });

    private static RevisionRecord Revision(long revision, RevisionOutcome outcome, string message) => new()
    {
        Revision = revision, TemplateHash = "5d8f7c", GroupName = $"web-{revision}", Outcome = outcome,
        StartedAt = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc), Message = message,
    };

    [Fact]
    public void Rollout_phases()
    {
        Assert.Equal(("Healthy", "revision 3 serves all traffic"),
            Run(Rollout.KindName, RolloutObject(RolloutPhase.Healthy, Cond("Ready", ConditionStatus.True, "InSync", "revision 3 serves all traffic"),
                Revision(3, RevisionOutcome.Succeeded, "promoted"))));
        Assert.Equal(("Progressing", "waiting for 2 healthy targets in web-3"),
            Run(Rollout.KindName, RolloutObject(RolloutPhase.Progressing, Cond("Ready", ConditionStatus.False, "Progressing", "waiting for 2 healthy targets in web-3"),
                Revision(3, RevisionOutcome.Progressing, "started"))));
        Assert.Equal(("Degraded", "RolledBack: revision 3 failed its analysis; traffic back on revision 2"),
            Run(Rollout.KindName, RolloutObject(RolloutPhase.RolledBack, Cond("Ready", ConditionStatus.False, "RolledBack", "rolled back"),
                Revision(3, RevisionOutcome.RolledBack, "revision 3 failed its analysis; traffic back on revision 2"),
                Revision(2, RevisionOutcome.Succeeded, "promoted"))));
        Assert.Equal(("Degraded", "Degraded: web-3 has no healthy targets"),
            Run(Rollout.KindName, RolloutObject(RolloutPhase.Degraded, Cond("Ready", ConditionStatus.False, "RolloutFailed", "rollout failed"),
                Revision(3, RevisionOutcome.Failed, "web-3 has no healthy targets"))));
        Assert.Equal(("Degraded", "Degraded: rollout failed"),
            Run(Rollout.KindName, RolloutObject(RolloutPhase.Degraded, Cond("Ready", ConditionStatus.False, "RolloutFailed", "rollout failed"))));
    }

    [Fact]
    public void Rollout_older_observed_generation_wins_over_its_phase()
    {
        var obj = RolloutObject(RolloutPhase.Healthy, Cond("Ready", ConditionStatus.True, "InSync", "ok"));
        obj["metadata"]!["generation"] = 3;
        Assert.Equal(("Progressing", "waiting for the controller to observe generation 3"), Run(Rollout.KindName, obj));
    }
}
