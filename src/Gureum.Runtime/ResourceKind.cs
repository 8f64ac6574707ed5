namespace Gureum.Runtime;

/// <summary>Where a custom resource lives in the Kubernetes API.</summary>
public sealed record ResourceKind(string Group, string Version, string Plural, string Kind)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public override string ToString() => $"{Plural}.{Group}/{Version}";
}
