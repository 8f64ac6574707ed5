using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gureum.Api.V1Alpha1;

namespace Gureum.Controllers.Rollouts;

/// <summary>Pure naming rules for the InstanceGroups a Rollout owns, and the labels and annotations that tie them to it.</summary>
public static class RolloutNames
{
    public const string RolloutLabel = "gureum.dev/rollout";
    public const string TemplateHashLabel = "gureum.dev/template-hash";
    public const string RevisionAnnotation = "gureum.dev/revision";
    public const string DetachedAtAnnotation = "gureum.dev/detached-at";
    public const string StableTemplateAnnotation = "gureum.dev/stable-template";

    public const string TemplateAnnotation = "gureum.dev/template";

    /// <summary>Without nulls, as the API server stores objects: the same template always writes the same text.</summary>
    public static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string WriteTemplate(InstanceGroupSpec template) => JsonSerializer.Serialize(template, Json);

    public static InstanceGroupSpec ReadTemplate(string json) =>
        JsonSerializer.Deserialize<InstanceGroupSpec>(json, Json) ?? throw new InvalidOperationException("an empty template annotation");

    /// <summary>The revision's identity: a hash of the template, as a Deployment's pod-template-hash.</summary>
    public static string TemplateHash(InstanceGroupSpec template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WriteTemplate(template))))[..10];

    /// <summary>BlueGreen: one group per revision, <c>&lt;rollout&gt;-&lt;hash&gt;</c>; InPlace: one group named as the Rollout.</summary>
    public static string GroupName(string rollout, RolloutStrategyType strategy, string hash) =>
        strategy == RolloutStrategyType.BlueGreen ? $"{rollout}-{hash}" : rollout;
}
