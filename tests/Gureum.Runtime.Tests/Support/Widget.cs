using System.Text.Json.Serialization;
using Gureum.Api.V1Alpha1;
using k8s;
using k8s.Models;

namespace Gureum.Runtime.Tests.Support;

/// <summary>A tiny custom resource for runtime tests.</summary>
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    public static readonly ResourceKind Kind = new("test.gureum.dev", "v1", "widgets", "Widget");

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Kind.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind_ { get; set; } = Kind.Kind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WidgetSpec? Spec { get; set; }

    [JsonPropertyName("status")]
    public WidgetStatus? Status { get; set; }

    string IKubernetesObject.Kind
    {
        get => Kind_;
        set => Kind_ = value;
    }

    public static Widget Named(string name, string ns = "default", int size = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new WidgetSpec { Size = size },
    };
}

public sealed class WidgetSpec
{
    [JsonPropertyName("size")]
    public int Size { get; set; }

    [JsonPropertyName("partRef")]
    public string? PartRef { get; set; }
}

public sealed class WidgetStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("seen")]
    public int? Seen { get; set; }

    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }
}

public static class TestConditions
{
    public static Condition Make(string type, string status, string? reason = null, string? message = null) => new()
    {
        Type = type,
        Status = Enum.Parse<ConditionStatus>(status),
        Reason = reason,
        Message = message,
    };
}
