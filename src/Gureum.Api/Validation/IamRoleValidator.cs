using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Validation;

public static partial class IamRoleValidator
{
    public const int MaxRoleNameLength = 64;

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
        foreach (var (policyName, document) in spec.InlinePolicies ?? new Dictionary<string, JsonObject>())
        {
            var path = $"spec.inlinePolicies[{policyName}]";
            errors.Require(PolicyName().IsMatch(policyName), path, "policy names are 1-128 characters of [A-Za-z0-9+=,.@_-]");
            ValidateDocument(document, path, errors);
        }
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
        if (document["Statement"] is not (JsonObject or JsonArray { Count: > 0 }))
            errors.Add(path, "a policy document needs a Statement");
        else if (Statements(document).Any(s => s["Effect"]?.GetValue<string>() is not ("Allow" or "Deny")))
            errors.Add(path, "every Statement needs Effect Allow or Deny");
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
