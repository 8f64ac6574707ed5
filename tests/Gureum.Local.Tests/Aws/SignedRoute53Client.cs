using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Gureum.Local.Aws;

namespace Gureum.Local.Tests.Aws;

/// <summary>Raw Route53 REST-XML over HTTP, signed by AWSSDK.Core's public SigV4 handler.</summary>
internal sealed class SignedRoute53Client : IDisposable
{
    public static readonly XNamespace Ns = "https://route53.amazonaws.com/doc/2013-04-01/";

    private readonly HttpClient _http;

    public SignedRoute53Client(AwsEmulator emulator, string service = "route53", string? secret = null)
    {
        var credentials = new BasicAWSCredentials(emulator.AccessKeyId, secret ?? emulator.SecretAccessKey);
        _http = new HttpClient(new SigV4SigningHandler(credentials, RegionEndpoint.USEast1, service, new HttpClientHandler()))
        {
            BaseAddress = emulator.Endpoint,
        };
    }

    public sealed record Reply(HttpStatusCode Status, XElement Body)
    {
        public string? Code => Body.Descendants(Ns + "Code").FirstOrDefault()?.Value;
        public IReadOnlyList<string> Messages => Body.Descendants(Ns + "Message").Select(m => m.Value).ToList();
        public string? Message => Messages.SingleOrDefault();
        public string Value(string name) => Body.Descendants(Ns + name).First().Value;
    }

    public Task<Reply> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Reply> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<Reply> PostAsync(string path, XElement body) => SendAsync(HttpMethod.Post, path, body);

    public async Task<Reply> SendAsync(HttpMethod method, string path, XElement? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body.ToString(), Encoding.UTF8, "application/xml");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, XElement.Parse(text));
    }

    /// <summary>A Query protocol POST (for STS and the other Query services).</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendFormAsync(HttpContent form)
    {
        using var response = await _http.PostAsync(new Uri("/", UriKind.Relative), form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> CreateZoneAsync(string name, string? callerReference = null)
    {
        var reply = await PostAsync("/2013-04-01/hostedzone", new XElement(Ns + "CreateHostedZoneRequest",
            new XElement(Ns + "Name", name),
            new XElement(Ns + "CallerReference", callerReference ?? Guid.NewGuid().ToString())));
        if (reply.Status != HttpStatusCode.Created)
            throw new InvalidOperationException($"CreateHostedZone answered {reply.Status}: {reply.Body}");
        return reply.Value("Id").Replace("/hostedzone/", "", StringComparison.Ordinal);
    }

    public Task<Reply> ChangeAsync(string zoneId, params XElement[] changes) =>
        PostAsync($"/2013-04-01/hostedzone/{zoneId}/rrset/", new XElement(Ns + "ChangeResourceRecordSetsRequest",
            new XElement(Ns + "ChangeBatch", new XElement(Ns + "Changes", changes))));

    public static XElement Change(string action, XElement recordSet) =>
        new(Ns + "Change", new XElement(Ns + "Action", action), recordSet);

    public static XElement Record(string name, string type, long? ttl, params string[] values) =>
        new(Ns + "ResourceRecordSet",
            new XElement(Ns + "Name", name),
            new XElement(Ns + "Type", type),
            ttl is null ? null : new XElement(Ns + "TTL", ttl),
            values.Length == 0 ? null : new XElement(Ns + "ResourceRecords",
                values.Select(v => new XElement(Ns + "ResourceRecord", new XElement(Ns + "Value", v)))));

    public static XElement Weighted(string name, string type, string identifier, int weight, long ttl, params string[] values)
    {
        var set = Record(name, type, ttl, values);
        set.Element(Ns + "Type")!.AddAfterSelf(new XElement(Ns + "SetIdentifier", identifier), new XElement(Ns + "Weight", weight));
        return set;
    }

    public static XElement Alias(string name, string type, string targetZone, string targetName) =>
        new(Ns + "ResourceRecordSet",
            new XElement(Ns + "Name", name),
            new XElement(Ns + "Type", type),
            new XElement(Ns + "AliasTarget",
                new XElement(Ns + "HostedZoneId", targetZone),
                new XElement(Ns + "DNSName", targetName),
                new XElement(Ns + "EvaluateTargetHealth", "false")));

    /// <summary>Every record set of the zone, following the paging markers.</summary>
    public async Task<List<XElement>> ListAllAsync(string zoneId, int? pageSize = null)
    {
        var all = new List<XElement>();
        var query = pageSize is null ? "" : $"maxitems={pageSize}";
        while (true)
        {
            var reply = await GetAsync($"/2013-04-01/hostedzone/{zoneId}/rrset?{query}");
            if (reply.Status != HttpStatusCode.OK)
                throw new InvalidOperationException($"ListResourceRecordSets answered {reply.Status}: {reply.Body}");
            all.AddRange(reply.Body.Descendants(Ns + "ResourceRecordSet"));
            if (reply.Value("IsTruncated") != "true")
                return all;
            query = $"name={Uri.EscapeDataString(reply.Value("NextRecordName"))}&type={reply.Value("NextRecordType")}"
                + (reply.Body.Element(Ns + "NextRecordIdentifier") is { } id ? $"&identifier={Uri.EscapeDataString(id.Value)}" : "")
                + (pageSize is null ? "" : $"&maxitems={pageSize}");
        }
    }

    public void Dispose() => _http.Dispose();
}
