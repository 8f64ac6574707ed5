using System.Xml.Linq;
using Gureum.Aws.Errors;
using Gureum.Aws.Http;
using Gureum.Aws.Paging;
using static Gureum.Aws.Iam.IamOperations;

namespace Gureum.Aws.Iam;

/// <summary>IAM over the Query protocol (2010-05-08), one request per method on the shared channel.</summary>
internal sealed class IamClient(AwsServiceChannel channel) : IIamClient
{
    private const string Version = "2010-05-08";

    /// <summary>MaxItems per listing page; null lets IAM choose (100). Tests set it small to exercise paging.</summary>
    internal int? PageSize { get; init; }

    public async Task<IamRole> CreateRoleAsync(CreateRoleRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(CreateRole, q => q
            .Add("RoleName", request.RoleName)
            .Add("AssumeRolePolicyDocument", request.AssumeRolePolicyDocument)
            .Add("Path", request.Path)
            .Add("Description", request.Description)
            .Add("MaxSessionDuration", request.MaxSessionDuration)
            .Add("PermissionsBoundary", request.PermissionsBoundaryArn)
            .AddTags(request.Tags), cancellationToken);
        return IamXml.Role(Required(result, "Role"));
    }

    public async Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken) =>
        IamXml.Role(Required(await CallAsync(GetRole, q => q.Add("RoleName", roleName), cancellationToken), "Role"));

    public Task<IamRole?> FindRoleAsync(string roleName, CancellationToken cancellationToken) =>
        OrNullAsync(GetRoleAsync(roleName, cancellationToken));

    public Task UpdateRoleAsync(string roleName, string? description, int? maxSessionDuration, CancellationToken cancellationToken) =>
        CallAsync(UpdateRole, q => q.Add("RoleName", roleName).Add("Description", description).Add("MaxSessionDuration", maxSessionDuration), cancellationToken);

    public Task UpdateAssumeRolePolicyAsync(string roleName, string policyDocument, CancellationToken cancellationToken) =>
        CallAsync(UpdateAssumeRolePolicy, q => q.Add("RoleName", roleName).Add("PolicyDocument", policyDocument), cancellationToken);

    public Task DeleteRoleAsync(string roleName, CancellationToken cancellationToken) =>
        CallAsync(DeleteRole, q => q.Add("RoleName", roleName), cancellationToken);

    public Task PutRolePolicyAsync(string roleName, string policyName, string policyDocument, CancellationToken cancellationToken) =>
        CallAsync(PutRolePolicy, q => q.Add("RoleName", roleName).Add("PolicyName", policyName).Add("PolicyDocument", policyDocument), cancellationToken);

    public async Task<IamRolePolicy> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken)
    {
        var result = await CallAsync(GetRolePolicy, q => q.Add("RoleName", roleName).Add("PolicyName", policyName), cancellationToken);
        return new IamRolePolicy(result.RequiredText("RoleName"), result.RequiredText("PolicyName"), IamXml.Decode(result.RequiredText("PolicyDocument")));
    }

    public Task DeleteRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken) =>
        CallAsync(DeleteRolePolicy, q => q.Add("RoleName", roleName).Add("PolicyName", policyName), cancellationToken);

    public Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken) =>
        ListAsync(ListRolePolicies, q => q.Add("RoleName", roleName), r => r.Items("PolicyNames", "member").Select(m => m.Value), cancellationToken);

    public Task AttachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken) =>
        CallAsync(AttachRolePolicy, q => q.Add("RoleName", roleName).Add("PolicyArn", policyArn), cancellationToken);

    public Task DetachRolePolicyAsync(string roleName, string policyArn, CancellationToken cancellationToken) =>
        CallAsync(DetachRolePolicy, q => q.Add("RoleName", roleName).Add("PolicyArn", policyArn), cancellationToken);

    public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken) =>
        ListAsync(ListAttachedRolePolicies, q => q.Add("RoleName", roleName),
            r => r.Items("AttachedPolicies", "member").Select(m => new IamAttachedPolicy(m.RequiredText("PolicyName"), m.RequiredText("PolicyArn"))),
            cancellationToken);

    public Task PutRolePermissionsBoundaryAsync(string roleName, string policyArn, CancellationToken cancellationToken) =>
        CallAsync(PutRolePermissionsBoundary, q => q.Add("RoleName", roleName).Add("PermissionsBoundary", policyArn), cancellationToken);

    public Task DeleteRolePermissionsBoundaryAsync(string roleName, CancellationToken cancellationToken) =>
        CallAsync(DeleteRolePermissionsBoundary, q => q.Add("RoleName", roleName), cancellationToken);

    public Task TagRoleAsync(string roleName, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken) =>
        CallAsync(TagRole, q => q.Add("RoleName", roleName).AddTags(tags), cancellationToken);

    public Task UntagRoleAsync(string roleName, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken) =>
        CallAsync(UntagRole, q => q.Add("RoleName", roleName).AddList("TagKeys", tagKeys), cancellationToken);

    public Task<IReadOnlyList<IamTag>> ListRoleTagsAsync(string roleName, CancellationToken cancellationToken) =>
        ListAsync(ListRoleTags, q => q.Add("RoleName", roleName), IamXml.Tags, cancellationToken);

    public async Task<IamInstanceProfile> CreateInstanceProfileAsync(string instanceProfileName, string? path, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken)
    {
        var result = await CallAsync(CreateInstanceProfile,
            q => q.Add("InstanceProfileName", instanceProfileName).Add("Path", path).AddTags(tags), cancellationToken);
        return IamXml.InstanceProfile(Required(result, "InstanceProfile"));
    }

    public async Task<IamInstanceProfile> GetInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken) =>
        IamXml.InstanceProfile(Required(
            await CallAsync(GetInstanceProfile, q => q.Add("InstanceProfileName", instanceProfileName), cancellationToken), "InstanceProfile"));

    public Task<IamInstanceProfile?> FindInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken) =>
        OrNullAsync(GetInstanceProfileAsync(instanceProfileName, cancellationToken));

    public Task AddRoleToInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
        CallAsync(AddRoleToInstanceProfile, q => q.Add("InstanceProfileName", instanceProfileName).Add("RoleName", roleName), cancellationToken);

    public Task RemoveRoleFromInstanceProfileAsync(string instanceProfileName, string roleName, CancellationToken cancellationToken) =>
        CallAsync(RemoveRoleFromInstanceProfile, q => q.Add("InstanceProfileName", instanceProfileName).Add("RoleName", roleName), cancellationToken);

    public Task DeleteInstanceProfileAsync(string instanceProfileName, CancellationToken cancellationToken) =>
        CallAsync(DeleteInstanceProfile, q => q.Add("InstanceProfileName", instanceProfileName), cancellationToken);

    public Task TagInstanceProfileAsync(string instanceProfileName, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken) =>
        CallAsync(TagInstanceProfile, q => q.Add("InstanceProfileName", instanceProfileName).AddTags(tags), cancellationToken);

    public async Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        IamXml.Policy(Required(await CallAsync(GetPolicy, q => q.Add("PolicyArn", policyArn), cancellationToken), "Policy"));

    public Task<IReadOnlyList<IamRoleDetail>> ListRoleDetailsAsync(CancellationToken cancellationToken) =>
        // IAM's largest page (1,000): an account's roles in as few calls as it allows.
        AwsPaging.ListAllAsync(async (marker, token) =>
        {
            var result = await CallAsync(GetAccountAuthorizationDetails,
                q => q.AddList("Filter", ["Role"]).Add("Marker", marker).Add("MaxItems", PageSize ?? 1000), token);
            return QueryPaging.Page(result, result.Items("RoleDetailList", "member").Select(IamXml.RoleDetail), QueryPaging.NextMarker);
        }, cancellationToken);

    private Task<XElement> CallAsync(AwsOperation operation, Action<QueryRequest> parameters, CancellationToken cancellationToken) =>
        channel.QueryAsync(operation, Version, parameters, cancellationToken);

    /// <summary>Every page of an IAM listing (Marker / IsTruncated), each page one call through the pipeline.</summary>
    private Task<IReadOnlyList<T>> ListAsync<T>(AwsOperation operation, Action<QueryRequest> parameters,
        Func<XElement, IEnumerable<T>> items, CancellationToken cancellationToken) =>
        AwsPaging.ListAllAsync(async (marker, token) =>
        {
            var result = await CallAsync(operation, q =>
            {
                parameters(q);
                q.Add("Marker", marker).Add("MaxItems", PageSize);
            }, token);
            return QueryPaging.Page(result, items(result), QueryPaging.NextMarker);
        }, cancellationToken);

    private static XElement Required(XElement result, string name) =>
        result.Child(name) ?? throw new FormatException($"The IAM response has no <{name}>.");

    private static async Task<T?> OrNullAsync<T>(Task<T> call) where T : class
    {
        try
        {
            return await call;
        }
        catch (AwsException e) when (e.Kind == AwsErrorKind.NotFound)
        {
            return null;
        }
    }
}
