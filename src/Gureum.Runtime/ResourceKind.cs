namespace Gureum.Runtime;

/// <summary>Where a custom resource lives in the Kubernetes API.</summary>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{Plural}.{Group}/{Version}";

    /// <summary>Lets <c>DnsRecord.Definition</c> (the API's richer description) be passed wherever the runtime wants a kind.</summary>
    public static implicit operator ResourceKind(Gureum.Api.V1Alpha1.ResourceKind kind) => FromApi(kind);

    public static ResourceKind FromApi(Gureum.Api.V1Alpha1.ResourceKind kind) =>
        new(kind.Group, kind.Version, kind.Plural, kind.Kind);
}
