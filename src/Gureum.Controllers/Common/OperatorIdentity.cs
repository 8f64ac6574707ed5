namespace Gureum.Controllers.Common;

/// <summary>Who this operator is in ownership marks: the cluster id and the owner string of an object.</summary>
public sealed record OperatorIdentity(string ClusterId)
{
    public static string Owner(string? @namespace, string kind, string name) => $"{@namespace ?? "default"}/{kind}/{name}";
}
