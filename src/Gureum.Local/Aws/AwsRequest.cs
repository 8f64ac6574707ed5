using System.Collections.Specialized;

namespace Gureum.Local.Aws;

/// <summary>One HTTP request as the services see it: no ASP.NET Core types cross this line.</summary>
internal sealed record AwsRequest(
    string Method,
    string Path,
    NameValueCollection Query,
    string ContentType,
    byte[] Body,
    SigV4Credential Credential,
    string RequestId)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>The operation a request resolved to; writes are the candidates for lost responses.</summary>
internal sealed record AwsOperation(string Name, bool IsWrite);

internal sealed record AwsResponse(int StatusCode, string Body, string ContentType = "text/xml")
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
