using System.Text.Json;

namespace Gureum.Local.Aws.Iam;

/// <summary>What IAM checks in a policy document before storing it, and how it hands documents back.
/// A trust (assume-role) policy names principals and no resources; an identity policy (inline,
/// managed) names resources and no principals.</summary>
internal static class PolicyDocuments
{
    public enum Kind
    {
        Trust,
        Identity,
    }

    private static readonly HashSet<string> Versions = ["2012-10-17", "2008-10-17"];

    /// <summary>Throws MalformedPolicyDocument (400) with IAM's wording when IAM would refuse it.
    /// A missing Version is accepted: IAM then reads the document as 2008-10-17.</summary>
    public static void Validate(string document, Kind kind)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(document);
        }
        catch (JsonException)
        {
            throw Malformed("Syntax errors in policy.");
        }
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Malformed("Syntax errors in policy.");
            if (root.TryGetProperty("Version", out var version)
                && (version.ValueKind != JsonValueKind.String || !Versions.Contains(version.GetString()!)))
                throw Malformed("The policy failed legacy parsing");
            if (!root.TryGetProperty("Statement", out var statement))
                throw Malformed("Syntax errors in policy.");
            var statements = statement.ValueKind switch
            {
                JsonValueKind.Object => [statement],
                JsonValueKind.Array => statement.EnumerateArray().ToList(),
                _ => throw Malformed("Syntax errors in policy."),
            };
            if (statements.Count == 0)
                throw Malformed("Syntax errors in policy.");
            foreach (var item in statements)
                ValidateStatement(item, kind);
        }
    }

    private static void ValidateStatement(JsonElement statement, Kind kind)
    {
        if (statement.ValueKind != JsonValueKind.Object)
            throw Malformed("Syntax errors in policy.");
        if (!statement.TryGetProperty("Effect", out var effect))
            throw Malformed("Missing required field Effect");
        if (effect.ValueKind != JsonValueKind.String || effect.GetString() is not ("Allow" or "Deny"))
            throw Malformed($"Invalid effect: {effect}");

        var hasAction = statement.TryGetProperty("Action", out var action);
        var hasNotAction = statement.TryGetProperty("NotAction", out var notAction);
        if (hasAction && hasNotAction)
            throw Malformed("Statement can only contain one of Action and NotAction.");
        if (!hasAction && !hasNotAction)
            throw Malformed("Policy statement must contain actions.");
        if (!IsStringOrStrings(hasAction ? action : notAction))
            throw Malformed("Syntax errors in policy.");

        var hasPrincipal = statement.TryGetProperty("Principal", out _) || statement.TryGetProperty("NotPrincipal", out _);
        var hasResource = statement.TryGetProperty("Resource", out _) || statement.TryGetProperty("NotResource", out _);
        if (kind == Kind.Trust)
        {
            if (!hasPrincipal)
                throw Malformed("Missing required field Principal");
            if (hasResource)
                throw Malformed("Has prohibited field Resource");
            if (hasAction && Strings(action).Any(a => !a.StartsWith("sts:", StringComparison.OrdinalIgnoreCase)))
                throw Malformed("AssumeRole policy may only specify STS AssumeRole actions.");
        }
        else
        {
            if (hasPrincipal)
                throw Malformed("Policy document should not specify a principal.");
            if (!hasResource)
                throw Malformed("Policy statement must contain resources.");
        }
    }

    private static bool IsStringOrStrings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => true,
        JsonValueKind.Array => value.GetArrayLength() > 0 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String),
        _ => false,
    };

    private static IEnumerable<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? [value.GetString()!] : value.EnumerateArray().Select(v => v.GetString()!);

    /// <summary>IAM returns documents URL-encoded per RFC 3986 (what boto3's parser decodes).</summary>
    public static string Encode(string document) => Uri.EscapeDataString(document);

    private static AwsErrorException Malformed(string message) =>
        new(new AwsError(400, "MalformedPolicyDocument", message));
}
