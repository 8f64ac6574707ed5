using System.Globalization;
using System.Xml.Linq;
using Gureum.Aws.Http;
using Gureum.Aws.Paging;
using static Gureum.Aws.AutoScaling.AutoScalingOperations;

namespace Gureum.Aws.AutoScaling;

/// <summary>Auto Scaling over the Query protocol (2011-01-01), one request per call on the shared channel.</summary>
internal sealed class AutoScalingClient(AwsServiceChannel channel) : IAutoScalingClient
{
    private const string Version = "2011-01-01";

    /// <summary>DescribeAutoScalingGroups takes at most 100 names a call (AWS's limit), and MaxRecords at most 100.</summary>
    internal const int BatchSize = 100;

    /// <summary>MaxRecords of describes (AWS allows 1..100, DescribeScalingActivities' default); tests set it small to exercise paging.</summary>
    internal int PageSize { get; init; } = 100;

    public Task CreateAutoScalingGroupAsync(CreateAutoScalingGroupRequest request, CancellationToken cancellationToken) =>
        CallAsync(CreateAutoScalingGroup, q => q
            .Add("AutoScalingGroupName", request.Name)
            .AddLaunchTemplate("LaunchTemplate.", request.LaunchTemplate)
            .Add("MinSize", request.MinSize)
            .Add("MaxSize", request.MaxSize)
            .Add("DesiredCapacity", request.DesiredCapacity)
            .AddSubnets(request.SubnetIds is { Count: > 0 } subnets ? subnets : null)
            .AddList("TargetGroupARNs", request.TargetGroupArns)
            .Add("HealthCheckType", request.HealthCheckType)
            .Add("HealthCheckGracePeriod", request.HealthCheckGracePeriod)
            .Add("DefaultInstanceWarmup", request.DefaultInstanceWarmup)
            .AddGroupTags(request.Name, request.Tags), cancellationToken);

    public Task UpdateAutoScalingGroupAsync(UpdateAutoScalingGroupRequest request, CancellationToken cancellationToken) =>
        CallAsync(UpdateAutoScalingGroup, q => q
            .Add("AutoScalingGroupName", request.Name)
            .AddLaunchTemplate("LaunchTemplate.", request.LaunchTemplate)
            .Add("MinSize", request.MinSize)
            .Add("MaxSize", request.MaxSize)
            .Add("DesiredCapacity", request.DesiredCapacity)
            .AddSubnets(request.SubnetIds)
            .Add("HealthCheckType", request.HealthCheckType)
            .Add("HealthCheckGracePeriod", request.HealthCheckGracePeriod)
            .Add("DefaultInstanceWarmup", request.DefaultInstanceWarmup), cancellationToken);

    public Task DeleteAutoScalingGroupAsync(string groupName, bool forceDelete, CancellationToken cancellationToken) =>
        CallAsync(DeleteAutoScalingGroup, q => q.Add("AutoScalingGroupName", groupName).Add("ForceDelete", forceDelete ? true : null), cancellationToken);

    public async Task<IReadOnlyList<AsgGroup>> DescribeAutoScalingGroupsAsync(IReadOnlyList<string> groupNames, CancellationToken cancellationToken)
    {
        // No call for no names: AWS would read an empty list as "every group of the account".
        var all = new List<AsgGroup>();
        foreach (var batch in groupNames.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
            all.AddRange(await ListAsync(DescribeAutoScalingGroups, q => q.AddList("AutoScalingGroupNames", batch).Add("MaxRecords", PageSize),
                "AutoScalingGroups", AutoScalingXml.Group, cancellationToken));
        return all;
    }

    public Task SetDesiredCapacityAsync(string groupName, int desiredCapacity, CancellationToken cancellationToken) =>
        CallAsync(SetDesiredCapacity, q => q.Add("AutoScalingGroupName", groupName).Add("DesiredCapacity", desiredCapacity), cancellationToken);

    public Task TerminateInstanceInAutoScalingGroupAsync(string instanceId, bool decrementDesiredCapacity, CancellationToken cancellationToken) =>
        CallAsync(TerminateInstanceInAutoScalingGroup, q => q.Add("InstanceId", instanceId).Add("ShouldDecrementDesiredCapacity", decrementDesiredCapacity),
            cancellationToken);

    public Task AttachLoadBalancerTargetGroupsAsync(string groupName, IReadOnlyList<string> targetGroupArns, CancellationToken cancellationToken) =>
        CallAsync(AttachLoadBalancerTargetGroups, q => q.Add("AutoScalingGroupName", groupName).AddList("TargetGroupARNs", targetGroupArns),
            cancellationToken);

    public Task DetachLoadBalancerTargetGroupsAsync(string groupName, IReadOnlyList<string> targetGroupArns, CancellationToken cancellationToken) =>
        CallAsync(DetachLoadBalancerTargetGroups, q => q.Add("AutoScalingGroupName", groupName).AddList("TargetGroupARNs", targetGroupArns),
            cancellationToken);

    public Task CreateOrUpdateTagsAsync(IReadOnlyList<AsgTag> tags, CancellationToken cancellationToken) =>
        tags.Count == 0 ? Task.CompletedTask : CallAsync(CreateOrUpdateTags, q => q.AddTags(tags), cancellationToken);

    public Task DeleteTagsAsync(IReadOnlyList<AsgTag> tags, CancellationToken cancellationToken) =>
        tags.Count == 0 ? Task.CompletedTask : CallAsync(DeleteTags, q => q.AddTags(tags, keysOnly: true), cancellationToken);

    public async Task<string> PutTargetTrackingPolicyAsync(PutTargetTrackingPolicyRequest request, CancellationToken cancellationToken)
    {
        const string tracking = "TargetTrackingConfiguration.";
        const string metric = tracking + "PredefinedMetricSpecification.";
        var result = await CallAsync(PutScalingPolicy, q => q
            .Add("AutoScalingGroupName", request.GroupName)
            .Add("PolicyName", request.PolicyName)
            .Add("PolicyType", AsgValues.TargetTracking)
            .Add("EstimatedInstanceWarmup", request.EstimatedInstanceWarmup)
            .Add(metric + "PredefinedMetricType", request.MetricType)
            .Add(metric + "ResourceLabel", request.ResourceLabel)
            .Add(tracking + "TargetValue", request.TargetValue.ToString("R", CultureInfo.InvariantCulture))
            .Add(tracking + "DisableScaleIn", request.DisableScaleIn), cancellationToken);
        return result.RequiredText("PolicyARN");
    }

    public Task<IReadOnlyList<AsgScalingPolicy>> DescribePoliciesAsync(string groupName, CancellationToken cancellationToken) =>
        ListAsync(DescribePolicies, q => q.Add("AutoScalingGroupName", groupName), "ScalingPolicies", AutoScalingXml.Policy, cancellationToken);

    public Task<IReadOnlyList<AsgScalingPolicy>> DescribeAllPoliciesAsync(CancellationToken cancellationToken) =>
        // Auto Scaling's largest page: a region's policies in as few calls as it allows.
        ListAsync(DescribePolicies, q => q.Add("MaxRecords", 100), "ScalingPolicies", AutoScalingXml.Policy, cancellationToken);

    public Task DeletePolicyAsync(string groupName, string policyName, CancellationToken cancellationToken) =>
        CallAsync(DeletePolicy, q => q.Add("AutoScalingGroupName", groupName).Add("PolicyName", policyName), cancellationToken);

    public async Task<string> StartInstanceRefreshAsync(StartInstanceRefreshRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(StartInstanceRefresh, q => q
            .Add("AutoScalingGroupName", request.GroupName)
            .AddLaunchTemplate("DesiredConfiguration.LaunchTemplate.", request.DesiredLaunchTemplate)
            .Add("Preferences.MinHealthyPercentage", request.MinHealthyPercentage)
            .Add("Preferences.InstanceWarmup", request.InstanceWarmup)
            .Add("Preferences.SkipMatching", request.SkipMatching), cancellationToken);
        return result.RequiredText("InstanceRefreshId");
    }

    public Task<IReadOnlyList<AsgInstanceRefresh>> DescribeInstanceRefreshesAsync(string groupName, CancellationToken cancellationToken) =>
        ListAsync(DescribeInstanceRefreshes, q => q.Add("AutoScalingGroupName", groupName), "InstanceRefreshes", AutoScalingXml.Refresh, cancellationToken);

    public Task CancelInstanceRefreshAsync(string groupName, CancellationToken cancellationToken) =>
        CallAsync(CancelInstanceRefresh, q => q.Add("AutoScalingGroupName", groupName), cancellationToken);

    public async Task<IReadOnlyList<AsgActivity>> DescribeScalingActivitiesAsync(string groupName, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        // Newest first: read pages only until maxRecords are in hand.
        var activities = new List<AsgActivity>(Math.Min(maxRecords, 1000));
        await foreach (var activity in AwsPaging.AllAsync(async (token, ct) =>
        {
            var result = await CallAsync(DescribeScalingActivities, q => q
                .Add("AutoScalingGroupName", groupName)
                .Add("MaxRecords", Math.Min(maxRecords - activities.Count, PageSize))
                .Add("NextToken", token), ct);
            return QueryPaging.Page(result, result.Items("Activities", "member").Select(AutoScalingXml.Activity), QueryPaging.NextToken);
        }, cancellationToken))
        {
            activities.Add(activity);
            if (activities.Count >= maxRecords) break;
        }
        return activities;
    }

    private Task<XElement> CallAsync(AwsOperation operation, Action<QueryRequest> parameters, CancellationToken cancellationToken) =>
        channel.QueryAsync(operation, Version, parameters, cancellationToken);

    /// <summary>Every page of a describe (NextToken in and out), each page one call through the pipeline. Only
    /// DescribeAutoScalingGroups names its MaxRecords (100, so one page holds a batch of names); policies and refreshes
    /// of one group are few, and AWS's default page (50) leaves no room to disagree about a maximum.</summary>
    private Task<IReadOnlyList<T>> ListAsync<T>(AwsOperation operation, Action<QueryRequest> parameters, string listName,
        Func<XElement, T> read, CancellationToken cancellationToken) =>
        AwsPaging.ListAllAsync(async (token, ct) =>
        {
            var result = await CallAsync(operation, q =>
            {
                parameters(q);
                q.Add("NextToken", token);
            }, ct);
            return QueryPaging.Page(result, result.Items(listName, "member").Select(read), QueryPaging.NextToken);
        }, cancellationToken);
}
