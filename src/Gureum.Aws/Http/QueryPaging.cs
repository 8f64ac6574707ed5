using System.Xml.Linq;
using Gureum.Aws.Paging;

namespace Gureum.Aws.Http;

/// <summary>Reads the two page-token styles of Query APIs from a result element.</summary>
internal static class QueryPaging
{
    /// <summary>IAM: <c>IsTruncated</c> true and <c>Marker</c> for the next page; ELBv2: <c>NextMarker</c>, present only when there is one.</summary>
    public static string? NextMarker(XElement result) =>
        result.Bool("IsTruncated") ? result.Text("Marker") : result.Text("NextMarker");

    /// <summary>EC2, Auto Scaling and the newer APIs: a <c>NextToken</c> that is absent or empty on the last page.</summary>
    public static string? NextToken(XElement result) =>
        result.Text("NextToken") is { Length: > 0 } token ? token : null;

    public static AwsPage<T> Page<T>(XElement result, IEnumerable<T> items, Func<XElement, string?> next) =>
        new(items.ToList(), next(result));
}
