using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime.Signing;
using Gureum.Aws.Endpoints;
using Gureum.Aws.Errors;
using Gureum.Aws.Pipeline;

namespace Gureum.Aws.Http;

/// <summary>One service's way to AWS: its endpoint and signing scope, the signed HttpClient, and the
/// call pipeline. The Query and REST-XML clients build on this and stay short.</summary>
internal sealed class AwsServiceChannel(AwsService service, AwsEndpoint endpoint, string region, HttpClient http, AwsCallPipeline pipeline)
{
    private static readonly HttpRequestOptionsKey<string> ServiceKey = new(SigV4SigningHandler.ServiceOptionKey);
    private static readonly HttpRequestOptionsKey<string> RegionKey = new(SigV4SigningHandler.RegionOptionKey);
    private static readonly MediaTypeHeaderValue FormContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
    private static readonly MediaTypeHeaderValue XmlContentType = MediaTypeHeaderValue.Parse("application/xml");

    public AwsService Service { get; } = service;
    public AwsEndpoint Endpoint { get; } = endpoint;
    public string Region { get; } = region;

    /// <summary>Sends a Query request for <paramref name="operation"/> and returns its
    /// <c>&lt;{Action}Result&gt;</c> element (the root when there is none).</summary>
    public Task<XElement> QueryAsync(AwsOperation operation, string version, Action<QueryRequest>? parameters, CancellationToken cancellationToken)
    {
        if (operation.Service != Service)
            throw new ArgumentException($"{operation} is not an operation of {Service.Name}.", nameof(operation));
        var request = new QueryRequest(operation.Name, version);
        parameters?.Invoke(request);
        return pipeline.ExecuteAsync(AwsCall.For(operation, Region), async token =>
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint.Url)
            {
                Content = new StringContent(request.Encode(), Encoding.UTF8),
            };
            message.Content.Headers.ContentType = FormContentType;
            var root = await SendAsync(message, token);
            return root.Child($"{request.Action}Result") ?? root;
        }, cancellationToken);
    }

    /// <summary>Sends a REST-XML request (Route53) to a path relative to the endpoint and returns the response root.</summary>
    public Task<XElement> RestXmlAsync(AwsOperation operation, HttpMethod method, string pathAndQuery, XDocument? body, CancellationToken cancellationToken) =>
        pipeline.ExecuteAsync(AwsCall.For(operation, Region), async token =>
        {
            using var message = new HttpRequestMessage(method, new Uri(Endpoint.Url, pathAndQuery));
            if (body is not null)
            {
                message.Content = new StringContent(body.Declaration + body.ToString(SaveOptions.DisableFormatting), Encoding.UTF8);
                message.Content.Headers.ContentType = XmlContentType;
            }
            return await SendAsync(message, token);
        }, cancellationToken);

    private async Task<XElement> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        message.Options.Set(ServiceKey, Service.SigningName);
        message.Options.Set(RegionKey, Endpoint.SigningRegion);
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault()
                : response.Headers.TryGetValues("x-amz-request-id", out var ids2) ? ids2.FirstOrDefault() : null;
            throw AwsErrorParser.Parse(response.StatusCode, text, requestId);
        }
        return string.IsNullOrWhiteSpace(text) ? new XElement("Empty") : Xml.Parse(text).Root!;
    }
}
