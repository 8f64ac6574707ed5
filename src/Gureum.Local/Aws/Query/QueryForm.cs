using System.Collections.Specialized;
using System.Web;

namespace Gureum.Local.Aws.Query;

/// <summary>Query protocol parameters: the form body of a POST merged over the URL query.</summary>
internal static class QueryForm
{
    public static NameValueCollection Parse(AwsRequest request)
    {
        var values = new NameValueCollection(request.Query);
        if (request.Method == "POST"
            && request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            values.Add(HttpUtility.ParseQueryString(request.BodyText));
        }
        return values;
    }
}
