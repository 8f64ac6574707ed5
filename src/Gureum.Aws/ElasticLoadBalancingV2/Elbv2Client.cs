using System.Xml.Linq;
using Gureum.Aws.Errors;
using Gureum.Aws.Http;
using Gureum.Aws.Paging;
using static Gureum.Aws.ElasticLoadBalancingV2.Elbv2Operations;

namespace Gureum.Aws.ElasticLoadBalancingV2;

/// <summary>ELBv2 over the Query protocol (2015-12-01), one request per call on the shared channel.</summary>
internal sealed class Elbv2Client(AwsServiceChannel channel) : IElbv2Client
{
    private const string Version = "2015-12-01";

    /// <summary>DescribeLoadBalancers and DescribeTags take at most 20 names or ARNs a call (AWS's limit).</summary>
    internal const int BatchSize = 20;

    /// <summary>PageSize for describes (AWS allows 1..400); null lets ELBv2 choose. Tests set it small to exercise paging.</summary>
    internal int? PageSize { get; init; }

    public async Task<Elbv2LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(CreateLoadBalancer, q => q
            .Add("Name", request.Name)
            .AddList("Subnets", request.Subnets)
            .AddList("SecurityGroups", request.SecurityGroups)
            .Add("Scheme", request.Scheme)
            .Add("Type", request.Type)
            .Add("IpAddressType", request.IpAddressType)
            .AddTags(request.Tags), cancellationToken);
        return Single(result, "LoadBalancers", Elbv2Xml.LoadBalancer);
    }

    public Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        InBatchesAsync(names, batch => DescribeLoadBalancersAsync(q => q.AddList("Names", batch), cancellationToken));

    public Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersByArnAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken) =>
        InBatchesAsync(arns, batch => DescribeLoadBalancersAsync(q => q.AddList("LoadBalancerArns", batch), cancellationToken));

    public Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeAllLoadBalancersAsync(CancellationToken cancellationToken) =>
        DescribeLoadBalancersAsync(_ => { }, cancellationToken);

    public Task<IReadOnlyList<Elbv2LoadBalancer>> FindLoadBalancersByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        FindAsync(names, DescribeLoadBalancersByNameAsync, cancellationToken);

    public Task DeleteLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken) =>
        CallAsync(DeleteLoadBalancer, q => q.Add("LoadBalancerArn", loadBalancerArn), cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> DescribeLoadBalancerAttributesAsync(string loadBalancerArn, CancellationToken cancellationToken) =>
        Elbv2Xml.Attributes(await CallAsync(DescribeLoadBalancerAttributes, q => q.Add("LoadBalancerArn", loadBalancerArn), cancellationToken));

    public async Task<IReadOnlyDictionary<string, string>> ModifyLoadBalancerAttributesAsync(string loadBalancerArn,
        IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        await CallAsync(ModifyLoadBalancerAttributes, q => q.Add("LoadBalancerArn", loadBalancerArn).AddAttributes(attributes), cancellationToken);
        // The Modify answer lists only the attributes that were changed on some versions; read them all back.
        return await DescribeLoadBalancerAttributesAsync(loadBalancerArn, cancellationToken);
    }

    public Task SetSecurityGroupsAsync(string loadBalancerArn, IReadOnlyList<string> securityGroups, CancellationToken cancellationToken) =>
        CallAsync(SetSecurityGroups, q => q.Add("LoadBalancerArn", loadBalancerArn).AddList("SecurityGroups", securityGroups, sendEmpty: true), cancellationToken);

    public async Task<IReadOnlyList<Elbv2AvailabilityZone>> SetSubnetsAsync(string loadBalancerArn, IReadOnlyList<string> subnets, CancellationToken cancellationToken)
    {
        var result = await CallAsync(SetSubnets, q => q.Add("LoadBalancerArn", loadBalancerArn).AddList("Subnets", subnets), cancellationToken);
        return result.Items("AvailabilityZones", "member")
            .Select(z => new Elbv2AvailabilityZone(z.Text("ZoneName") ?? "", z.Text("SubnetId") ?? "")).ToList();
    }

    public async Task<Elbv2TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(CreateTargetGroup, q => q
            .Add("Name", request.Name)
            .Add("Protocol", request.Protocol)
            .Add("Port", request.Port)
            .Add("VpcId", request.VpcId)
            .Add("TargetType", request.TargetType)
            .AddHealthCheck(request.HealthCheck)
            .AddTags(request.Tags), cancellationToken);
        return Single(result, "TargetGroups", Elbv2Xml.TargetGroup);
    }

    public Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        InBatchesAsync(names, batch => DescribeTargetGroupsAsync(q => q.AddList("Names", batch), cancellationToken));

    public Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsByArnAsync(IReadOnlyList<string> arns, CancellationToken cancellationToken) =>
        InBatchesAsync(arns, batch => DescribeTargetGroupsAsync(q => q.AddList("TargetGroupArns", batch), cancellationToken));

    public Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsOfLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken) =>
        DescribeTargetGroupsAsync(q => q.Add("LoadBalancerArn", loadBalancerArn), cancellationToken);

    public Task<IReadOnlyList<Elbv2TargetGroup>> FindTargetGroupsByNameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        FindAsync(names, DescribeTargetGroupsByNameAsync, cancellationToken);

    public async Task<Elbv2TargetGroup> ModifyTargetGroupAsync(string targetGroupArn, Elbv2HealthCheck healthCheck, CancellationToken cancellationToken)
    {
        var result = await CallAsync(ModifyTargetGroup, q => q.Add("TargetGroupArn", targetGroupArn).AddHealthCheck(healthCheck), cancellationToken);
        return Single(result, "TargetGroups", Elbv2Xml.TargetGroup);
    }

    public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken) =>
        CallAsync(DeleteTargetGroup, q => q.Add("TargetGroupArn", targetGroupArn), cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken) =>
        Elbv2Xml.Attributes(await CallAsync(DescribeTargetGroupAttributes, q => q.Add("TargetGroupArn", targetGroupArn), cancellationToken));

    public async Task<IReadOnlyDictionary<string, string>> ModifyTargetGroupAttributesAsync(string targetGroupArn,
        IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        await CallAsync(ModifyTargetGroupAttributes, q => q.Add("TargetGroupArn", targetGroupArn).AddAttributes(attributes), cancellationToken);
        return await DescribeTargetGroupAttributesAsync(targetGroupArn, cancellationToken);
    }

    public async Task<IReadOnlyList<Elbv2TargetHealth>> DescribeTargetHealthAsync(string targetGroupArn, IReadOnlyList<Elbv2Target>? targets,
        CancellationToken cancellationToken)
    {
        var result = await CallAsync(DescribeTargetHealth, q => q.Add("TargetGroupArn", targetGroupArn).AddTargets(targets), cancellationToken);
        return result.Items("TargetHealthDescriptions", "member").Select(Elbv2Xml.TargetHealth).ToList();
    }

    public Task RegisterTargetsAsync(string targetGroupArn, IReadOnlyList<Elbv2Target> targets, CancellationToken cancellationToken) =>
        CallAsync(RegisterTargets, q => q.Add("TargetGroupArn", targetGroupArn).AddTargets(targets), cancellationToken);

    public Task DeregisterTargetsAsync(string targetGroupArn, IReadOnlyList<Elbv2Target> targets, CancellationToken cancellationToken) =>
        CallAsync(DeregisterTargets, q => q.Add("TargetGroupArn", targetGroupArn).AddTargets(targets), cancellationToken);

    public async Task<Elbv2Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(CreateListener, q => q
            .Add("LoadBalancerArn", request.LoadBalancerArn)
            .Add("Protocol", request.Protocol)
            .Add("Port", request.Port)
            .Add("SslPolicy", request.SslPolicy)
            .AddCertificates(request.CertificateArns)
            .AddActions(request.DefaultActions)
            .AddTags(request.Tags), cancellationToken);
        return Single(result, "Listeners", Elbv2Xml.Listener);
    }

    public Task<IReadOnlyList<Elbv2Listener>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken) =>
        ListAsync(DescribeListeners, q => q.Add("LoadBalancerArn", loadBalancerArn), "Listeners", Elbv2Xml.Listener, cancellationToken);

    public Task<IReadOnlyList<Elbv2Listener>> DescribeListenersByArnAsync(IReadOnlyList<string> listenerArns, CancellationToken cancellationToken) =>
        InBatchesAsync(listenerArns, batch =>
            ListAsync(DescribeListeners, q => q.AddList("ListenerArns", batch), "Listeners", Elbv2Xml.Listener, cancellationToken));

    public async Task<Elbv2Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken)
    {
        var result = await CallAsync(ModifyListener, q => q
            .Add("ListenerArn", request.ListenerArn)
            .Add("Protocol", request.Protocol)
            .Add("Port", request.Port)
            .Add("SslPolicy", request.SslPolicy)
            .AddCertificates(request.CertificateArns)
            .AddActions(request.DefaultActions), cancellationToken);
        return Single(result, "Listeners", Elbv2Xml.Listener);
    }

    public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken) =>
        CallAsync(DeleteListener, q => q.Add("ListenerArn", listenerArn), cancellationToken);

    public Task AddTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyList<Elbv2Tag> tags, CancellationToken cancellationToken) =>
        CallAsync(AddTags, q => q.AddList("ResourceArns", resourceArns).AddTags(tags), cancellationToken);

    public Task RemoveTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyList<string> tagKeys, CancellationToken cancellationToken) =>
        CallAsync(RemoveTags, q => q.AddList("ResourceArns", resourceArns).AddList("TagKeys", tagKeys), cancellationToken);

    public Task<IReadOnlyList<Elbv2TagDescription>> DescribeTagsAsync(IReadOnlyList<string> resourceArns, CancellationToken cancellationToken) =>
        InBatchesAsync(resourceArns, async batch =>
        {
            var result = await CallAsync(DescribeTags, q => q.AddList("ResourceArns", batch), cancellationToken);
            return (IReadOnlyList<Elbv2TagDescription>)result.Items("TagDescriptions", "member").Select(Elbv2Xml.TagDescription).ToList();
        });

    private Task<IReadOnlyList<Elbv2LoadBalancer>> DescribeLoadBalancersAsync(Action<QueryRequest> filter, CancellationToken cancellationToken) =>
        ListAsync(DescribeLoadBalancers, filter, "LoadBalancers", Elbv2Xml.LoadBalancer, cancellationToken);

    private Task<IReadOnlyList<Elbv2TargetGroup>> DescribeTargetGroupsAsync(Action<QueryRequest> filter, CancellationToken cancellationToken) =>
        ListAsync(DescribeTargetGroups, filter, "TargetGroups", Elbv2Xml.TargetGroup, cancellationToken);

    private Task<XElement> CallAsync(AwsOperation operation, Action<QueryRequest> parameters, CancellationToken cancellationToken) =>
        channel.QueryAsync(operation, Version, parameters, cancellationToken);

    /// <summary>Every page of a describe (Marker in, NextMarker out), each page one call through the pipeline.</summary>
    private Task<IReadOnlyList<T>> ListAsync<T>(AwsOperation operation, Action<QueryRequest> parameters, string listName,
        Func<XElement, T> read, CancellationToken cancellationToken) =>
        AwsPaging.ListAllAsync(async (marker, token) =>
        {
            var result = await CallAsync(operation, q =>
            {
                parameters(q);
                q.Add("Marker", marker).Add("PageSize", PageSize);
            }, token);
            return QueryPaging.Page(result, result.Items(listName, "member").Select(read), QueryPaging.NextMarker);
        }, cancellationToken);

    /// <summary>One call (or page run) per <see cref="BatchSize"/> keys; none for an empty list, which
    /// AWS would read as "everything".</summary>
    private static async Task<IReadOnlyList<T>> InBatchesAsync<T>(IReadOnlyList<string> keys, Func<IReadOnlyList<string>, Task<IReadOnlyList<T>>> describe)
    {
        var all = new List<T>();
        foreach (var batch in keys.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
            all.AddRange(await describe(batch));
        return all;
    }

    /// <summary>AWS fails a whole describe when one name is unknown: on NotFound, ask for that batch's
    /// names one by one and keep the ones that exist.</summary>
    private static Task<IReadOnlyList<T>> FindAsync<T>(IReadOnlyList<string> names,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<T>>> describe, CancellationToken cancellationToken) =>
        InBatchesAsync(names, async batch =>
        {
            try
            {
                return await describe(batch, cancellationToken);
            }
            catch (AwsException e) when (e.Kind == AwsErrorKind.NotFound)
            {
                var found = new List<T>();
                foreach (var name in batch)
                {
                    try
                    {
                        found.AddRange(await describe([name], cancellationToken));
                    }
                    catch (AwsException one) when (one.Kind == AwsErrorKind.NotFound)
                    {
                    }
                }
                return found;
            }
        });

    private static T Single<T>(XElement result, string listName, Func<XElement, T> read) =>
        result.Items(listName, "member").Select(read).FirstOrDefault()
        ?? throw new FormatException($"The ELBv2 response has no <{listName}><member>.");
}
