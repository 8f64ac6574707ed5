using System.Globalization;
using System.Xml.Linq;
using Gureum.Aws;
using Gureum.Local.Aws.Query;
using static Gureum.Local.Aws.Iam.IamPatterns;

namespace Gureum.Local.Aws.Iam;

/// <summary>IAM over the Query protocol (2010-05-08): roles, inline and attached policies, permissions
/// boundaries, tags, instance profiles and AWS managed policies, with IAM's errors and shapes.</summary>
internal sealed class IamService : QueryService
{
    private const int DefaultMaxItems = 100;

    private readonly IamStore _store;

    private IamService(IamStore store) : base(AwsServiceCatalog.Iam, "2010-05-08")
    {
        _store = store;
        Actions = new Dictionary<string, QueryAction>(StringComparer.Ordinal)
        {
            ["CreateRole"] = QueryAction.Write(p =>
            [
                E("Role", RoleContent(_store.CreateRole(
                    RoleName(p),
                    p.String("Path", 1, PathMax, PathPattern) ?? "/",
                    p.RequiredString("AssumeRolePolicyDocument", 1, PolicyDocumentMax, PolicyDocument),
                    p.String("Description", 0, DescriptionMax, Description),
                    p.Int("MaxSessionDuration", MinSessionSeconds, MaxSessionSeconds),
                    Arn(p, "PermissionsBoundary"),
                    Tags(p, "Tags")))),
            ]),
            // As IAM: ListRoles leaves out tags and the permissions boundary (GetRole has them).
            ["ListRoles"] = QueryAction.Read(p =>
                Page(p, _store.ListRoles(p.String("PathPrefix", 1, PathMax) ?? "/"), "Roles", role => RoleContent(role with { Tags = [], PermissionsBoundaryArn = null }))),
            ["GetRole"] = QueryAction.Read(p => [E("Role", RoleContent(_store.GetRole(RoleName(p))))]),
            ["UpdateRole"] = QueryAction.Write(p =>
            {
                _store.UpdateRole(RoleName(p), p.String("Description", 0, DescriptionMax, Description),
                    p.Int("MaxSessionDuration", MinSessionSeconds, MaxSessionSeconds));
                return [];
            }),
            ["UpdateAssumeRolePolicy"] = QueryAction.Write(p =>
                _store.UpdateAssumeRolePolicy(RoleName(p), p.RequiredString("PolicyDocument", 1, PolicyDocumentMax, PolicyDocument))),
            ["DeleteRole"] = QueryAction.Write(p => _store.DeleteRole(RoleName(p))),
            ["PutRolePolicy"] = QueryAction.Write(p => _store.PutRolePolicy(RoleName(p), PolicyName(p),
                p.RequiredString("PolicyDocument", 1, PolicyDocumentMax, PolicyDocument))),
            ["GetRolePolicy"] = QueryAction.Read(p =>
            {
                var role = _store.GetRole(RoleName(p));
                var policy = _store.GetRolePolicy(role.Name, PolicyName(p));
                return [E("RoleName", role.Name), E("PolicyName", policy.Name), E("PolicyDocument", PolicyDocuments.Encode(policy.Document))];
            }),
            ["DeleteRolePolicy"] = QueryAction.Write(p => _store.DeleteRolePolicy(RoleName(p), PolicyName(p))),
            ["ListRolePolicies"] = QueryAction.Read(p =>
                Page(p, _store.GetRole(RoleName(p)).InlinePolicies.Select(i => i.Name).Order(StringComparer.Ordinal).ToList(),
                    "PolicyNames", name => name)),
            ["AttachRolePolicy"] = QueryAction.Write(p => _store.AttachRolePolicy(RoleName(p), Arn(p, "PolicyArn", required: true)!)),
            ["DetachRolePolicy"] = QueryAction.Write(p => _store.DetachRolePolicy(RoleName(p), Arn(p, "PolicyArn", required: true)!)),
            ["ListAttachedRolePolicies"] = QueryAction.Read(p =>
            {
                var prefix = p.String("PathPrefix", 1, PathMax) ?? "/";
                var attached = _store.GetRole(RoleName(p)).AttachedPolicyArns
                    .Select(arn => AwsManagedPolicies.Find(arn)!)
                    .Where(policy => policy.Path.StartsWith(prefix, StringComparison.Ordinal))
                    .ToList();
                return Page(p, attached, "AttachedPolicies", policy => new object[] { E("PolicyName", policy.Name), E("PolicyArn", policy.Arn) });
            }),
            ["PutRolePermissionsBoundary"] = QueryAction.Write(p =>
                _store.PutRolePermissionsBoundary(RoleName(p), Arn(p, "PermissionsBoundary", required: true)!)),
            ["DeleteRolePermissionsBoundary"] = QueryAction.Write(p => _store.DeleteRolePermissionsBoundary(RoleName(p))),
            ["TagRole"] = QueryAction.Write(p => _store.TagRole(RoleName(p), Tags(p, "Tags", required: true))),
            ["UntagRole"] = QueryAction.Write(p => _store.UntagRole(RoleName(p), TagKeys(p))),
            ["ListRoleTags"] = QueryAction.Read(p => Page(p, _store.GetRole(RoleName(p)).Tags, "Tags", TagContent)),
            ["CreateInstanceProfile"] = QueryAction.Write(p =>
            [
                E("InstanceProfile", ProfileContent(_store.CreateInstanceProfile(
                    ProfileName(p), p.String("Path", 1, PathMax, PathPattern) ?? "/", Tags(p, "Tags")))),
            ]),
            ["ListInstanceProfiles"] = QueryAction.Read(p =>
                Page(p, _store.ListInstanceProfiles(p.String("PathPrefix", 1, PathMax) ?? "/"), "InstanceProfiles", profile => ProfileContent(profile))),
            ["GetInstanceProfile"] = QueryAction.Read(p => [E("InstanceProfile", ProfileContent(_store.GetInstanceProfile(ProfileName(p))))]),
            ["AddRoleToInstanceProfile"] = QueryAction.Write(p => _store.AddRoleToInstanceProfile(ProfileName(p), RoleName(p))),
            ["RemoveRoleFromInstanceProfile"] = QueryAction.Write(p => _store.RemoveRoleFromInstanceProfile(ProfileName(p), RoleName(p))),
            ["DeleteInstanceProfile"] = QueryAction.Write(p => _store.DeleteInstanceProfile(ProfileName(p))),
            ["TagInstanceProfile"] = QueryAction.Write(p => _store.TagInstanceProfile(ProfileName(p), Tags(p, "Tags", required: true))),
            ["GetAccountAuthorizationDetails"] = QueryAction.Read(AuthorizationDetails),
            ["GetPolicy"] = QueryAction.Read(p =>
            {
                var policy = _store.GetPolicy(Arn(p, "PolicyArn", required: true)!);
                return [E("Policy", PolicyContent(policy))];
            }),
        };
    }

    protected override IReadOnlyDictionary<string, QueryAction> Actions { get; }

    public static IamService Create(AwsEmulatorOptions options)
    {
        var file = options.StateDir is null ? null : System.IO.Path.Combine(options.StateDir, "aws", "iam.json");
        return new IamService(new IamStore(options.AccountId, options.TimeProvider,
            options.Simulated(options.IamInstanceProfilePropagationDelay), file));
    }

    /// <summary>The store, for benchmarks that read roles and instance profiles without spending IAM's rate.</summary>
    internal IamStore Store => _store;

    /// <summary>For the EC2 emulator: whether EC2 can see the instance profile (name or ARN) yet.</summary>
    internal bool IsInstanceProfileVisible(string nameOrArn, DateTimeOffset now) => _store.IsInstanceProfileVisible(nameOrArn, now);

    private object?[] RoleContent(RoleState role) =>
    [
        .. RoleIdentity(role),
        Optional("Description", role.Description),
        E("MaxSessionDuration", role.MaxSessionDuration),
        Boundary(role),
        role.Tags.Count > 0 ? Members("Tags", role.Tags.Select(TagContent)) : null,
        E("RoleLastUsed"),
    ];

    /// <summary>What every shape of a role starts with (Role, RoleDetail).</summary>
    private object?[] RoleIdentity(RoleState role) =>
    [
        E("Path", role.Path),
        E("RoleName", role.Name),
        E("RoleId", role.Id),
        E("Arn", role.Arn),
        E("CreateDate", Timestamp(role.CreateDate)),
        E("AssumeRolePolicyDocument", PolicyDocuments.Encode(role.AssumeRolePolicyDocument)),
    ];

    private XElement? Boundary(RoleState role) =>
        role.PermissionsBoundaryArn is { } boundary
            ? E("PermissionsBoundary", E("PermissionsBoundaryType", "PermissionsBoundaryPolicy"), E("PermissionsBoundaryArn", boundary))
            : null;

    private object?[] ProfileContent(InstanceProfileState profile) =>
    [
        E("Path", profile.Path),
        E("InstanceProfileName", profile.Name),
        E("InstanceProfileId", profile.Id),
        E("Arn", profile.Arn),
        E("CreateDate", Timestamp(profile.CreateDate)),
        Members("Roles", profile.RoleName is { } roleName && _store.FindRole(roleName) is { } role ? [RoleContent(role)] : []),
        profile.Tags.Count > 0 ? Members("Tags", profile.Tags.Select(TagContent)) : null,
    ];

    private object?[] PolicyContent(AwsManagedPolicies.ManagedPolicy policy) =>
    [
        E("PolicyName", policy.Name),
        E("PolicyId", policy.Id),
        E("Arn", policy.Arn),
        E("Path", policy.Path),
        E("DefaultVersionId", policy.Version),
        E("AttachmentCount", _store.AttachmentCount(policy.Arn)),
        E("PermissionsBoundaryUsageCount", 0),
        E("IsAttachable", "true"),
        E("Description", policy.Description),
        E("CreateDate", "2015-02-06T18:40:00Z"),
        E("UpdateDate", "2015-02-06T18:40:00Z"),
    ];

    private static readonly string[] EntityTypes = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"];

    /// <summary>
    /// As IAM: the entities of the types <c>Filter</c> names (every type without it), paged together, MaxItems
    /// counting across the lists. The emulator has no users, groups or customer managed policies; AWS managed
    /// policies are listed while attached.
    /// </summary>
    private IEnumerable<object?> AuthorizationDetails(QueryParameters p)
    {
        var filter = p.List("Filter", EntityTypes.Length);
        if (filter.FirstOrDefault(type => !EntityTypes.Contains(type, StringComparer.Ordinal)) is not null)
            throw QueryParameters.Validation($"Value '[{string.Join(", ", filter)}]' at 'filter' failed to satisfy constraint: " +
                $"Member must satisfy constraint: [Member must satisfy enum value set: [{string.Join(", ", EntityTypes)}]]");
        bool Wants(string type) => filter.Count == 0 || filter.Contains(type, StringComparer.Ordinal);
        var entities = new List<(string List, object Content)>();
        if (Wants("Role"))
        {
            var profiles = _store.ListInstanceProfiles("/").Where(profile => profile.RoleName is not null)
                .ToLookup(profile => profile.RoleName!, StringComparer.OrdinalIgnoreCase);
            entities.AddRange(_store.ListRoles("/").Select(role => ("RoleDetailList", (object)RoleDetailContent(role, profiles[role.Name]))));
        }
        if (Wants("AWSManagedPolicy"))
            entities.AddRange(AwsManagedPolicies.All.Where(policy => _store.AttachmentCount(policy.Arn) > 0)
                .Select(policy => ("Policies", (object)PolicyContent(policy))));
        var (page, more) = PageOf(p, entities);
        return
        [
            Members("UserDetailList", []),
            Members("GroupDetailList", []),
            Members("RoleDetailList", page.Where(e => e.List == "RoleDetailList").Select(e => e.Content)),
            Members("Policies", page.Where(e => e.List == "Policies").Select(e => e.Content)),
            .. more,
        ];
    }

    private object?[] RoleDetailContent(RoleState role, IEnumerable<InstanceProfileState> profiles) =>
    [
        .. RoleIdentity(role),
        Members("InstanceProfileList", profiles.Select(profile => ProfileContent(profile))),
        Members("RolePolicyList", role.InlinePolicies.OrderBy(i => i.Name, StringComparer.Ordinal)
            .Select(i => new object[] { E("PolicyName", i.Name), E("PolicyDocument", PolicyDocuments.Encode(i.Document)) })),
        Members("AttachedManagedPolicies", role.AttachedPolicyArns.Select(arn => AwsManagedPolicies.Find(arn)!)
            .Select(policy => new object[] { E("PolicyName", policy.Name), E("PolicyArn", policy.Arn) })),
        Boundary(role),
        role.Tags.Count > 0 ? Members("Tags", role.Tags.Select(TagContent)) : null,
        E("RoleLastUsed"),
    ];

    private object?[] TagContent(IamTag tag) => [E("Key", tag.Key), E("Value", tag.Value)];

    /// <summary>One page of a listing: Marker is an opaque token (here the next item's index), IsTruncated says whether there is one.</summary>
    private IEnumerable<object?> Page<T>(QueryParameters p, IReadOnlyList<T> all, string listName, Func<T, object> render)
    {
        var (page, more) = PageOf(p, all);
        return [Members(listName, page.Select(render)), .. more];
    }

    /// <summary>The items of this page (MaxItems from Marker) and the IsTruncated and Marker elements that follow them.</summary>
    private (List<T> Page, object?[] More) PageOf<T>(QueryParameters p, IReadOnlyList<T> all)
    {
        var maxItems = p.Int("MaxItems", 1, 1000) ?? DefaultMaxItems;
        var start = p.Optional("Marker") is { } marker
            ? QueryMarker.Decode(marker, all.Count) ?? throw new AwsErrorException(new AwsError(400, "InvalidInput", "Invalid Marker."))
            : 0;
        var page = all.Skip(start).Take(maxItems).ToList();
        var next = start + page.Count;
        var truncated = next < all.Count;
        return (page, [E("IsTruncated", truncated ? "true" : "false"), truncated ? E("Marker", QueryMarker.Encode(next)) : null]);
    }

    private static string RoleName(QueryParameters p) => p.RequiredString("RoleName", 1, RoleNameMax, Name);

    private static string ProfileName(QueryParameters p) => p.RequiredString("InstanceProfileName", 1, InstanceProfileNameMax, Name);

    private static string PolicyName(QueryParameters p) => p.RequiredString("PolicyName", 1, PolicyNameMax, Name);

    private static string? Arn(QueryParameters p, string name, bool required = false) => p.String(name, ArnMin, ArnMax, required: required);

    private static IReadOnlyList<IamTag> Tags(QueryParameters p, string name, bool required = false)
    {
        var tags = p.StructList(name, IamStore.MaxTags, prefix => new IamTag(
            p.RequiredString(prefix + "Key", 1, 128, TagKey),
            p.String(prefix + "Value", 0, 256, TagValue) ?? ""));
        if (required && tags.Count == 0)
            throw QueryParameters.Validation($"Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");
        if (tags.FirstOrDefault(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)) is { } reserved)
            throw new AwsErrorException(new AwsError(400, "InvalidInput", $"The tag key {reserved.Key} is reserved: keys beginning with aws: are for AWS use."));
        return tags;
    }

    private static IReadOnlyList<string> TagKeys(QueryParameters p)
    {
        var keys = p.List("TagKeys", IamStore.MaxTags);
        return keys.Count > 0 ? keys
            : throw QueryParameters.Validation("Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
