using System.Xml.Linq;
using Gureum.Aws.Http;

namespace Gureum.Aws.Iam;

/// <summary>IAM's response shapes (lists as <c>member</c>) read into the client's records.</summary>
internal static class IamXml
{
    public static IamRole Role(XElement e) => new(
        e.RequiredText("RoleName"),
        e.RequiredText("RoleId"),
        e.RequiredText("Arn"),
        e.RequiredText("Path"),
        e.Time("CreateDate") ?? throw new FormatException("<Role> has no <CreateDate>."),
        // Absent in a role listed inside an instance profile by some IAM answers; empty then.
        e.Text("AssumeRolePolicyDocument") is { } document ? Decode(document) : "",
        e.Text("Description"),
        e.Int("MaxSessionDuration") ?? 3600,
        e.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn"),
        Tags(e).ToList());

    public static IamRoleDetail RoleDetail(XElement e) => new(
        e.RequiredText("RoleName"),
        e.RequiredText("RoleId"),
        e.RequiredText("Arn"),
        e.RequiredText("Path"),
        e.Text("AssumeRolePolicyDocument") is { } document ? Decode(document) : "",
        e.Child("PermissionsBoundary")?.Text("PermissionsBoundaryArn"),
        Tags(e).ToList(),
        e.Items("RolePolicyList", "member").ToDictionary(
            p => p.RequiredText("PolicyName"), p => Decode(p.RequiredText("PolicyDocument")), StringComparer.Ordinal),
        e.Items("AttachedManagedPolicies", "member").Select(p => p.RequiredText("PolicyArn")).ToList(),
        e.Items("InstanceProfileList", "member").Select(p => p.RequiredText("InstanceProfileName")).ToList());

    public static IamInstanceProfile InstanceProfile(XElement e) => new(
        e.RequiredText("InstanceProfileName"),
        e.RequiredText("InstanceProfileId"),
        e.RequiredText("Arn"),
        e.RequiredText("Path"),
        e.Time("CreateDate") ?? throw new FormatException("<InstanceProfile> has no <CreateDate>."),
        e.Items("Roles", "member").Select(Role).ToList(),
        Tags(e).ToList());

    public static IamManagedPolicy Policy(XElement e) => new(
        e.RequiredText("PolicyName"),
        e.RequiredText("PolicyId"),
        e.RequiredText("Arn"),
        e.Text("Path") ?? "/",
        e.Text("DefaultVersionId"),
        e.Int("AttachmentCount") ?? 0,
        e.Text("IsAttachable") is not { } attachable || attachable == "true",
        e.Text("Description"));

    public static IEnumerable<IamTag> Tags(XElement e) =>
        e.Items("Tags", "member").Select(t => new IamTag(t.RequiredText("Key"), t.Text("Value") ?? ""));

    /// <summary>IAM returns policy documents URL-encoded per RFC 3986 (%XX, never '+' for a space).</summary>
    public static string Decode(string document) => Uri.UnescapeDataString(document);

    public static QueryRequest AddTags(this QueryRequest request, IReadOnlyList<IamTag>? tags) =>
        request.AddStructList("Tags", tags, (q, prefix, tag) => q.Add(prefix + "Key", tag.Key).Add(prefix + "Value", tag.Value));
}
