using System.Net;
using System.Xml;
using Gureum.Aws.Http;

namespace Gureum.Aws.Errors;

/// <summary>Reads an AWS error response: Query and Route53 <c>ErrorResponse/Error</c>, EC2's
/// <c>Response/Errors/Error</c> and Route53's older <c>InvalidChangeBatch/Messages/Message</c> document.
/// Route53's InvalidChangeBatch lists one message per rejected change (as <c>[m1, m2]</c> in an
/// ErrorResponse, as <c>Message</c> elements in the older document); both come out joined with "; ".
/// A body that is not XML still yields an exception named after the status.</summary>
public static class AwsErrorParser
{
    private const string InvalidChangeBatch = "InvalidChangeBatch";

    public static AwsException Parse(HttpStatusCode status, string body, string? requestIdHeader)
    {
        var code = status.ToString();
        var message = string.IsNullOrWhiteSpace(body) ? $"HTTP {(int)status}" : Truncate(body);
        var requestId = requestIdHeader;
        try
        {
            var root = Xml.Parse(body).Root;
            var error = root?.Descendant("Error");
            if (root?.Name.LocalName == InvalidChangeBatch)
            {
                code = InvalidChangeBatch;
                var messages = root.Items("Messages", "Message").Select(m => m.Value).ToList();
                if (messages.Count == 0 && root.Text("Message") is { } single)
                    messages.Add(single);
                message = string.Join("; ", messages);
            }
            else if (error is not null)
            {
                code = error.Text("Code") ?? code;
                message = error.Text("Message") ?? "";
                if (code == InvalidChangeBatch)
                    message = string.Join("; ", Route53BatchMessages.Split(message));
            }
            requestId = root?.Descendant("RequestId")?.Value ?? root?.Descendant("RequestID")?.Value ?? requestId;
        }
        catch (XmlException)
        {
            // Not XML (a proxy's HTML page, an empty 503): keep the status-derived code.
        }
        return AwsException.Create(code, message, requestId, status);
    }

    private static string Truncate(string body) => body.Length <= 200 ? body : body[..200];
}
