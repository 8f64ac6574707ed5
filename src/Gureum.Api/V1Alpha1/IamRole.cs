using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Gureum.Api.V1Alpha1;

/// <summary>An IAM role with its policies and optional instance profile.</summary>
public sealed class IamRole() : GureumResource<IamRoleSpec, IamRoleStatus>(KindName)
{
    public const string KindName = "IamRole";

    public static KindDefinition Definition { get; } = KindDefinition.For<IamRole, IamRoleSpec, IamRoleStatus>(
        KindName, "iamroles", "iamr", "IamRole is an IAM role kept equal to this spec.",
        new PrinterColumn("ARN", "string", ".status.arn", "Role ARN"));
}

public sealed record IamRoleSpec : ManagedSpec
{
    [JsonPropertyName("roleName"), MaxLength(64), RegularExpression(@"^[\w+=,.@-]+$")]
    [Description("IAM role name; <namespace>-<name> when omitted.")]
    public string? RoleName { get; init; }

    [JsonPropertyName("assumeRolePolicy")]
    [Description("Trust policy document as a JSON object; exclusive with trustedServices.")]
    public JsonObject? AssumeRolePolicy { get; init; }

    [JsonPropertyName("trustedServices")]
    [Description("Shorthand trust policy: these service principals may assume the role (e.g. ec2.amazonaws.com).")]
    public IReadOnlyList<string>? TrustedServices { get; init; }

    [JsonPropertyName("path"), DefaultValue("/"), MaxLength(512), RegularExpression(@"^/([!-~]*/)?$")]
    [Description("IAM path of the role.")]
    public string Path { get; init; } = "/";

    [JsonPropertyName("description"), MaxLength(1000)]
    [Description("Role description shown in IAM.")]
    public string? Description { get; init; }

    [JsonPropertyName("maxSessionDurationSeconds"), DefaultValue(3600), Range(3600, 43200)]
    [Description("Maximum session duration in seconds.")]
    public int MaxSessionDurationSeconds { get; init; } = 3600;

    [JsonPropertyName("permissionsBoundaryArn")]
    [Description("ARN of the managed policy used as permissions boundary.")]
    public string? PermissionsBoundaryArn { get; init; }

    [JsonPropertyName("inlinePolicies")]
    [Description("Inline policies: policy name to policy document (a JSON object).")]
    public IReadOnlyDictionary<string, JsonObject>? InlinePolicies { get; init; }

    [JsonPropertyName("managedPolicyArns")]
    [Description("ARNs of managed policies to attach.")]
    public IReadOnlyList<string>? ManagedPolicyArns { get; init; }

    [JsonPropertyName("instanceProfile")]
    [Description("An instance profile of the same name for EC2.")]
    public InstanceProfileSpec? InstanceProfile { get; init; }

    [JsonPropertyName("tags")]
    [Description("Tags on the role, in addition to Gureum's ownership tags.")]
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record InstanceProfileSpec
{
    [JsonPropertyName("enabled"), DefaultValue(false)]
    [Description("Whether to manage an instance profile named like the role.")]
    public bool Enabled { get; init; }
}

public sealed record IamRoleStatus : ResourceStatus
{
    [JsonPropertyName("arn")]
    [Description("Role ARN.")]
    public string? Arn { get; init; }

    [JsonPropertyName("roleId")]
    [Description("Stable role id assigned by IAM.")]
    public string? RoleId { get; init; }

    [JsonPropertyName("roleName")]
    [Description("The role name in use.")]
    public string? RoleName { get; init; }

    [JsonPropertyName("instanceProfileArn")]
    [Description("Instance profile ARN when enabled.")]
    public string? InstanceProfileArn { get; init; }
}
