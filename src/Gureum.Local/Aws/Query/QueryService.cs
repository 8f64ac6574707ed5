using System.Xml.Linq;
using Gureum.Aws;

namespace Gureum.Local.Aws.Query;

/// <summary>One Query-protocol action: whether it writes (lost-response faults apply to writes) and its
/// handler, which returns the content of <c>&lt;{Action}Result&gt;</c>, or null when the operation has
/// no result (IAM's DeleteRole answers only <c>ResponseMetadata</c>).</summary>
internal sealed record QueryAction(bool IsWrite, Func<QueryParameters, IEnumerable<object?>?> Handler)
{
    public static QueryAction Read(Func<QueryParameters, IEnumerable<object?>?> handler) => new(false, handler);

    public static QueryAction Write(Func<QueryParameters, IEnumerable<object?>?> handler) => new(true, handler);

    /// <summary>A write with no result element.</summary>
    public static QueryAction Write(Action<QueryParameters> handler) => new(true, p => { handler(p); return null; });
}

/// <summary>The Query protocol (IAM, STS, Auto Scaling, ELBv2) once: <c>Action</c> picks a handler from
/// the service's table, the answer is <c>&lt;{Action}Response xmlns=...&gt;&lt;{Action}Result&gt;...
/// &lt;/{Action}Result&gt;&lt;ResponseMetadata&gt;&lt;RequestId/&gt;&lt;/ResponseMetadata&gt;</c>, and
/// errors are <c>ErrorResponse</c> in the service's namespace. A service supplies its table.</summary>
internal abstract class QueryService(CatalogService catalog, string version) : IAwsService
{
    public string SigningName => catalog.SigningName;
    public string ThrottlingCode => catalog.ThrottlingCode;
    public string Version => version;

    /// <summary>The service's XML namespace, e.g. https://iam.amazonaws.com/doc/2010-05-08/.</summary>
    public XNamespace Ns { get; } = $"https://{catalog.SigningName}.amazonaws.com/doc/{version}/";

    protected abstract IReadOnlyDictionary<string, QueryAction> Actions { get; }

    public AwsOperation? Resolve(AwsRequest request)
    {
        var action = QueryForm.Parse(request)["Action"];
        return action is not null && Actions.TryGetValue(action, out var found) ? new AwsOperation(action, found.IsWrite) : null;
    }

    public AwsError UnknownOperation(AwsRequest request) =>
        QueryForm.Parse(request)["Action"] is { Length: > 0 } action
            ? AwsError.InvalidAction(action, version)
            : new AwsError(400, "MissingAction", "Missing Action");

    public Task<AwsResponse> HandleAsync(AwsRequest request, AwsOperation operation, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(QueryForm.Parse(request));
        var result = Actions[operation.Name].Handler(parameters);
        var body = new XElement(Ns + $"{operation.Name}Response",
            result is null ? null : new XElement(Ns + $"{operation.Name}Result", result),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", request.RequestId)));
        return Task.FromResult(new AwsResponse(200, Xml.Serialize(body)));
    }

    public AwsResponse Error(AwsError error, string requestId) =>
        QueryErrorXml.Write(error, requestId, Ns.NamespaceName);

    /// <summary>An element in this service's namespace; null content is skipped, so optional members vanish.</summary>
    protected XElement E(string name, params object?[] content) => new(Ns + name, content);

    /// <summary>An optional member: absent when the value is null.</summary>
    protected XElement? Optional(string name, object? value) => value is null ? null : new XElement(Ns + name, value);

    /// <summary>A Query list: <c>&lt;Name&gt;&lt;member&gt;...&lt;/member&gt;&lt;/Name&gt;</c>.</summary>
    protected XElement Members(string name, IEnumerable<object?> members) =>
        new(Ns + name, members.Select(m => new XElement(Ns + "member", m)));
}
