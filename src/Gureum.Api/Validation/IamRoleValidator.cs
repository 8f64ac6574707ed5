using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Validation;

public static partial class IamRoleValidator
{
    public const int MaxRoleNameLength = 64;

    /// <summary>IAM's quota on the inline policy characters of one role (whitespace aside).</summary>
    public const int MaxInlinePolicyCharacters = 10240;

    /// <summary>IAM's default quota of managed policies attached to one role.</summary>
    public const int MaxManagedPolicies = 10;

    /// <summary>IAM allows 50 tags on a role; Gureum's two ownership tags take two of them.</summary>
    public const int MaxUserTags = 48;

    /// <param name="allowWildcardPrincipal">Operator setting: a trust policy may let anyone assume the role.</param>
    public static IReadOnlyList<FieldError> Validate(IamRoleSpec spec, bool allowWildcardPrincipal = false)
    {
        var errors = new FieldErrors();
        if (spec.RoleName is { } name)
        {
            var problem = RoleNameProblem(name);
            if (problem is not null)
                errors.Add("spec.roleName", problem);
        }
        var hasDocument = spec.AssumeRolePolicy is not null;
        var hasServices = spec.TrustedServices is { Count: > 0 };
        if (hasDocument == hasServices)
            errors.Add(hasDocument ? "spec.trustedServices" : "spec.assumeRolePolicy",
                "exactly one of assumeRolePolicy or trustedServices must be set");
        for (var i = 0; i < (spec.TrustedServices?.Count ?? 0); i++)
            errors.Require(ServicePrincipal().IsMatch(spec.TrustedServices![i]), $"spec.trustedServices[{i}]",
                $"{spec.TrustedServices[i]} is not a service principal like ec2.amazonaws.com");
        if (spec.AssumeRolePolicy is { } trust)
        {
            ValidateDocument(trust, "spec.assumeRolePolicy", errors);
            if (!allowWildcardPrincipal && HasWildcardPrincipal(trust))
                errors.Add("spec.assumeRolePolicy", "a trust policy with a wildcard principal (\"*\") is refused; the operator must be configured to allow it");
        }
        errors.Require(PathPattern().IsMatch(spec.Path) && spec.Path.Length <= 512, "spec.path",
            "must start and end with / and hold printable ASCII only");
        errors.Require(spec.MaxSessionDurationSeconds is >= 3600 and <= 43200, "spec.maxSessionDurationSeconds",
            "must be between 3600 and 43200");
        if (spec.PermissionsBoundaryArn is { } boundary)
            errors.Require(IsPolicyArn(boundary), "spec.permissionsBoundaryArn", $"{boundary} is not a policy ARN");
        for (var i = 0; i < (spec.ManagedPolicyArns?.Count ?? 0); i++)
            errors.Require(IsPolicyArn(spec.ManagedPolicyArns![i]), $"spec.managedPolicyArns[{i}]",
                $"{spec.ManagedPolicyArns[i]} is not a policy ARN");
        if (spec.ManagedPolicyArns is { Count: > MaxManagedPolicies } many)
            errors.Add("spec.managedPolicyArns", $"IAM attaches at most {MaxManagedPolicies} managed policies to a role (got {many.Count})");
        if (spec.ManagedPolicyArns?.GroupBy(arn => arn, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            errors.Add("spec.managedPolicyArns", $"{repeated.Key} is listed twice");
        var inlineCharacters = 0;
        foreach (var (policyName, document) in spec.InlinePolicies ?? new Dictionary<string, JsonObject>())
        {
            var path = $"spec.inlinePolicies[{policyName}]";
            errors.Require(PolicyName().IsMatch(policyName), path, "policy names are 1-128 characters of [A-Za-z0-9+=,.@_-]");
            ValidateDocument(document, path, errors);
            inlineCharacters += document.ToJsonString().Count(c => !char.IsWhiteSpace(c));
        }
        if (inlineCharacters > MaxInlinePolicyCharacters)
            errors.Add("spec.inlinePolicies", $"IAM allows {MaxInlinePolicyCharacters} characters of inline policy per role; these have {inlineCharacters}");
        ValidateTags(spec.Tags, errors);
        return errors.ToList();
    }

    public static string? RoleNameProblem(string name) =>
        name.Length is 0 or > MaxRoleNameLength ? $"role names are 1-{MaxRoleNameLength} characters"
        : !RoleNameCharset().IsMatch(name) ? "role names may hold only A-Z a-z 0-9 and + = , . @ _ -"
        : null;

    /// <summary>True when an Allow statement trusts "*" directly or as an AWS principal.</summary>
    public static bool HasWildcardPrincipal(JsonObject policy) =>
        Statements(policy).Any(s => s["Effect"]?.GetValue<string>() == "Allow" && s["Principal"] switch
        {
            JsonValue v => v.GetValue<string>() == "*",
            JsonObject o => o.Any(p => ContainsStar(p.Value)),
            _ => false,
        });

    private static bool ContainsStar(JsonNode? node) => node switch
    {
        JsonValue v => v.TryGetValue<string>(out var s) && s == "*",
        JsonArray a => a.Any(ContainsStar),
        _ => false,
    };

    private static IEnumerable<JsonObject> Statements(JsonObject policy) => policy["Statement"] switch
    {
        JsonObject single => [single],
        JsonArray many => many.OfType<JsonObject>(),
        _ => [],
    };

    private static void ValidateDocument(JsonObject document, string path, FieldErrors errors)
    {
        if (document["Version"] is { } version && (version is not JsonValue || version.ToString() is not ("2012-10-17" or "2008-10-17")))
            errors.Add(path + ".Version", "must be \"2012-10-17\" (or the older \"2008-10-17\")");
        if (document["Statement"] is not (JsonObject or JsonArray { Count: > 0 }))
        {
            errors.Add(path, "a policy document needs a Statement");
            return;
        }
        var statements = Statements(document).ToList();
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            var at = document["Statement"] is JsonArray ? $"{path}.Statement[{i}]" : $"{path}.Statement";
            if (statement["Effect"] is not JsonValue effect || effect.ToString() is not ("Allow" or "Deny"))
                errors.Add(at + ".Effect", "must be Allow or Deny");
            if (statement.ContainsKey("Action") == statement.ContainsKey("NotAction"))
                errors.Add(at, "needs exactly one of Action or NotAction");
        }
        if (document["Statement"] is JsonArray array && array.Any(item => item is not JsonObject))
            errors.Add(path + ".Statement", "every statement must be an object");
    }

    private static void ValidateTags(IReadOnlyDictionary<string, string>? tags, FieldErrors errors)
    {
        if (tags is null)
            return;
        if (tags.Count > MaxUserTags)
            errors.Add("spec.tags", $"at most {MaxUserTags} tags (IAM allows 50; Gureum's ownership tags take two)");
        foreach (var (key, value) in tags)
        {
            var path = $"spec.tags[{key}]";
            if (key.Length is 0 or > 128)
                errors.Add(path, "tag keys are 1-128 characters");
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                errors.Add(path, "the aws: prefix is reserved for AWS");
            if (key.StartsWith("gureum.dev/", StringComparison.Ordinal))
                errors.Add(path, "the gureum.dev/ prefix is reserved for Gureum's ownership tags");
            if (value.Length > 256)
                errors.Add(path, "tag values are at most 256 characters");
        }
    }

    private static bool IsPolicyArn(string arn) => PolicyArn().IsMatch(arn);

    [GeneratedRegex(@"^[\w+=,.@-]+$")]
    private static partial Regex RoleNameCharset();

    [GeneratedRegex(@"^[\w+=,.@-]{1,128}$")]
    private static partial Regex PolicyName();

    [GeneratedRegex(@"^/([!-~]*/)?$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$")]
    private static partial Regex ServicePrincipal();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/.+$")]
    private static partial Regex PolicyArn();
}
