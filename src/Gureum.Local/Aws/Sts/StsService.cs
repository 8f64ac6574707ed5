using System.Xml.Linq;

namespace Gureum.Local.Aws.Sts;

/// <summary>STS over the Query protocol (2011-06-15): GetCallerIdentity for the emulator's one user.</summary>
internal sealed class StsService(string accountId) : IAwsService
{
    private const string Version = "2011-06-15";
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    // A fixed unique id in the shape of an IAM user's (AIDA...).
    private const string UserId = "AIDAGUREUMLOCALUSER01";

    public string SigningName => "sts";
    public string ThrottlingCode => "Throttling";

    public AwsOperation? Resolve(AwsRequest request)
    {
        var action = QueryForm.Parse(request)["Action"];
        return action is "GetCallerIdentity" ? new AwsOperation(action, IsWrite: false) : null;
    }

    public Task<AwsResponse> HandleAsync(AwsRequest request, AwsOperation operation, CancellationToken cancellationToken)
    {
        var body = new XElement(Ns + "GetCallerIdentityResponse",
            new XElement(Ns + "GetCallerIdentityResult",
                new XElement(Ns + "Arn", $"arn:aws:iam::{accountId}:user/gureum-local"),
                new XElement(Ns + "UserId", UserId),
                new XElement(Ns + "Account", accountId)),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", request.RequestId)));
        return Task.FromResult(new AwsResponse(200, Xml.Serialize(body)));
    }

    public AwsError UnknownOperation(AwsRequest request) =>
        QueryForm.Parse(request)["Action"] is { Length: > 0 } action
            ? AwsError.InvalidAction(action, Version)
            : new AwsError(400, "MissingAction", "Missing Action");

    public AwsResponse Error(AwsError error, string requestId) =>
        QueryErrorXml.Write(error, requestId, Ns.NamespaceName);
}
