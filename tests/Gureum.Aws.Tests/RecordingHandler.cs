using System.Net;
using System.Text;

namespace Gureum.Aws.Tests;

/// <summary>The innermost HTTP handler of a client under test: records every request (its form members decoded)
/// and answers with what the test queued, in order (the last answer repeats), or with what <see cref="Respond"/> computes.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body)> _answers = new();
    private (HttpStatusCode Status, string Body) _last = (HttpStatusCode.OK, "");

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Computes the answer from the request; null falls back to the queue.</summary>
    public Func<RecordedRequest, (HttpStatusCode Status, string Body)?>? Respond { get; set; }

    public RecordingHandler Answer(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        _answers.Enqueue((status, body));
        return this;
    }

    public RecordedRequest Single() => Assert.Single(Requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!,
            request.Headers.TryGetValues("Authorization", out var auth) ? string.Join(",", auth) : "", body);
        lock (Requests) Requests.Add(recorded);
        var (status, text) = Respond?.Invoke(recorded) ?? Next();
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(text, Encoding.UTF8, "text/xml"),
            Headers = { { "x-amzn-RequestId", "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE" } },
        };
    }

    private (HttpStatusCode, string) Next()
    {
        lock (_answers)
        {
            if (_answers.TryDequeue(out var answer)) _last = answer;
            return _last;
        }
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string Authorization, string Body)
{
    /// <summary>The form members in the order sent (a Query or EC2 request body).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; } = Body.Length == 0 ? []
        : Body.Split('&').Select(pair => pair.Split('=', 2))
            .Select(kv => new KeyValuePair<string, string>(Decode(kv[0]), kv.Length > 1 ? Decode(kv[1]) : "")).ToList();

    public string Action => this["Action"];

    public string this[string name] =>
        Form.Where(kv => kv.Key == name).Select(kv => kv.Value).FirstOrDefault() ?? throw new KeyNotFoundException($"No form member {name} in {Body}");

    public string? Get(string name) => Form.Where(kv => kv.Key == name).Select(kv => kv.Value).FirstOrDefault();

    /// <summary>The members except Action and Version, as a dictionary for whole-request comparisons.</summary>
    public IReadOnlyDictionary<string, string> Members =>
        Form.Where(kv => kv.Key is not "Action" and not "Version").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary><c>Name.member.1</c>, <c>Name.member.2</c> ... (Query) or <c>Name.1</c> ... (EC2) values by index (the SDK
    /// sends its members sorted as strings: 1, 10, 100, 2 ...).</summary>
    public IReadOnlyList<string> List(string prefix) =>
        Form.Select(kv => (kv.Value, Index: kv.Key.StartsWith(prefix + ".", StringComparison.Ordinal)
                && int.TryParse(kv.Key[(prefix.Length + 1)..], out var i) ? i : 0))
            .Where(x => x.Index > 0).OrderBy(x => x.Index).Select(x => x.Value).ToList();

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
}
