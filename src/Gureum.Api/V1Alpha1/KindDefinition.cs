namespace Gureum.Api.V1Alpha1;

/// <summary>Everything the runtime, the sandbox and the CRD generator need to know about one kind.</summary>
public sealed record KindDefinition(
    string Kind,
    string Plural,
    IReadOnlyList<string> ShortNames,
    Type ResourceType,
    Type SpecType,
    Type StatusType,
    string Description,
    IReadOnlyList<PrinterColumn> PrinterColumns)
{
    public string Group => GureumApi.Group;
    public string Version => GureumApi.Version;
    public string ApiVersion => GureumApi.ApiVersion;
    public string Singular => Kind.ToLowerInvariant();
    public string ListKind => Kind + "List";
    public string CrdName => $"{Plural}.{Group}";
    public IReadOnlyList<string> Categories { get; } = [GureumApi.Category];
    public bool Namespaced => true;

    internal static KindDefinition For<TResource, TSpec, TStatus>(
        string kind, string plural, string shortName, string description, params PrinterColumn[] identifierColumns)
        where TResource : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus =>
        new(kind, plural, [shortName], typeof(TResource), typeof(TSpec), typeof(TStatus), description,
            [PrinterColumn.Ready, PrinterColumn.Reason, .. identifierColumns, PrinterColumn.Message, PrinterColumn.Age]);
}

public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority = 0)
{
    public static PrinterColumn Ready { get; } =
        new("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the AWS resource matches the spec");

    public static PrinterColumn Reason { get; } =
        new("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", "Why the object is or is not Ready");

    public static PrinterColumn Message { get; } =
        new("Message", "string", ".status.conditions[?(@.type==\"Ready\")].message", "The Ready condition's message", Priority: 1);

    public static PrinterColumn Age { get; } =
        new("Age", "date", ".metadata.creationTimestamp", "Time since creation");
}

public static class GureumKinds
{
    public static IReadOnlyList<KindDefinition> All { get; } =
        [IamRole.Definition, InstanceGroup.Definition, LoadBalancer.Definition, DnsRecord.Definition, Rollout.Definition];

    public static KindDefinition? Find(string kind) =>
        All.FirstOrDefault(k => string.Equals(k.Kind, kind, StringComparison.Ordinal));
}
