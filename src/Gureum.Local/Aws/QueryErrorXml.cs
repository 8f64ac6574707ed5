using System.Xml.Linq;

namespace Gureum.Local.Aws;

/// <summary>The <c>ErrorResponse</c> body shared by the Query protocol services and Route53 (REST-XML).</summary>
internal static class QueryErrorXml
{
    public static AwsResponse Write(AwsError error, string requestId, string? xmlNamespace)
    {
        XNamespace ns = xmlNamespace ?? "";
        var doc = new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error",
                new XElement(ns + "Type", error.Type),
                new XElement(ns + "Code", error.Code),
                new XElement(ns + "Message", error.Message)),
            new XElement(ns + "RequestId", requestId));
        return new AwsResponse(error.StatusCode, Xml.Serialize(doc));
    }
}

internal static class Xml
{
    public static string Serialize(XElement root) =>
        new XDeclaration("1.0", "UTF-8", null) + Environment.NewLine + root.ToString(SaveOptions.DisableFormatting);
}
