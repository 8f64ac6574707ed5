using System.Xml.Linq;
using Gureum.Aws.Http;

namespace Gureum.Aws.ElasticLoadBalancingV2;

/// <summary>ELBv2's response shapes (lists as <c>member</c>) read into the client's records, and the
/// request structures written as Query parameters.</summary>
internal static class Elbv2Xml
{
    public static Elbv2LoadBalancer LoadBalancer(XElement e) => new(
        e.RequiredText("LoadBalancerArn"),
        e.RequiredText("LoadBalancerName"),
        e.Text("DNSName") ?? "",
        e.Text("CanonicalHostedZoneId") ?? "",
        e.Time("CreatedTime") ?? throw new FormatException("<LoadBalancer> has no <CreatedTime>."),
        e.Text("Type") ?? Elbv2Values.Application,
        e.Text("Scheme") ?? Elbv2Values.InternetFacing,
        e.Child("State")?.Text("Code") ?? "",
        e.Text("VpcId"),
        e.Items("AvailabilityZones", "member").Select(z => new Elbv2AvailabilityZone(z.Text("ZoneName") ?? "", z.Text("SubnetId") ?? "")).ToList(),
        Strings(e, "SecurityGroups"),
        e.Text("IpAddressType"));

    public static Elbv2TargetGroup TargetGroup(XElement e) => new(
        e.RequiredText("TargetGroupArn"),
        e.RequiredText("TargetGroupName"),
        e.Text("Protocol"),
        e.Int("Port"),
        e.Text("VpcId"),
        e.Text("TargetType") ?? Elbv2Values.Instance,
        new Elbv2HealthCheck
        {
            Protocol = e.Text("HealthCheckProtocol"),
            Port = e.Text("HealthCheckPort"),
            Path = e.Text("HealthCheckPath"),
            Enabled = e.Text("HealthCheckEnabled") is { } enabled ? enabled == "true" : null,
            IntervalSeconds = e.Int("HealthCheckIntervalSeconds"),
            TimeoutSeconds = e.Int("HealthCheckTimeoutSeconds"),
            HealthyThresholdCount = e.Int("HealthyThresholdCount"),
            UnhealthyThresholdCount = e.Int("UnhealthyThresholdCount"),
            HttpCode = e.Child("Matcher")?.Text("HttpCode"),
        },
        Strings(e, "LoadBalancerArns"));

    public static Elbv2Listener Listener(XElement e) => new(
        e.RequiredText("ListenerArn"),
        e.RequiredText("LoadBalancerArn"),
        e.Text("Protocol") ?? "",
        e.Int("Port") ?? 0,
        e.Items("Certificates", "member").Select(c => c.RequiredText("CertificateArn")).ToList(),
        e.Text("SslPolicy"),
        e.Items("DefaultActions", "member").Select(Action).ToList());

    public static Elbv2TargetHealth TargetHealth(XElement e)
    {
        var target = e.Child("Target") ?? throw new FormatException("<TargetHealthDescription> has no <Target>.");
        var health = e.Child("TargetHealth");
        return new Elbv2TargetHealth(new Elbv2Target(target.RequiredText("Id"), target.Int("Port")),
            health?.Text("State") ?? "", health?.Text("Reason"), health?.Text("Description"));
    }

    public static Elbv2TagDescription TagDescription(XElement e) =>
        new(e.RequiredText("ResourceArn"), e.Items("Tags", "member").Select(t => new Elbv2Tag(t.RequiredText("Key"), t.Text("Value") ?? "")).ToList());

    public static IReadOnlyDictionary<string, string> Attributes(XElement result) =>
        result.Items("Attributes", "member").ToDictionary(a => a.RequiredText("Key"), a => a.Text("Value") ?? "", StringComparer.Ordinal);

    private static Elbv2Action Action(XElement e)
    {
        // AWS answers a simple forward both as TargetGroupArn and as ForwardConfig; either names the group.
        var targetGroup = e.Text("TargetGroupArn")
            ?? e.Child("ForwardConfig")?.Items("TargetGroups", "member").FirstOrDefault()?.Text("TargetGroupArn");
        var redirect = e.Child("RedirectConfig") is { } r
            ? new Elbv2Redirect(r.RequiredText("StatusCode"))
            {
                Protocol = r.Text("Protocol"), Port = r.Text("Port"), Host = r.Text("Host"), Path = r.Text("Path"), Query = r.Text("Query"),
            }
            : null;
        return new Elbv2Action(e.RequiredText("Type"), targetGroup, redirect);
    }

    private static List<string> Strings(XElement e, string name) => e.Items(name, "member").Select(m => m.Value).ToList();

    public static QueryRequest AddTags(this QueryRequest request, IReadOnlyList<Elbv2Tag>? tags) =>
        tags is null or { Count: 0 } ? request
        : request.AddStructList("Tags", tags, (q, prefix, tag) => q.Add(prefix + "Key", tag.Key).Add(prefix + "Value", tag.Value));

    public static QueryRequest AddAttributes(this QueryRequest request, IReadOnlyDictionary<string, string> attributes) =>
        request.AddStructList("Attributes", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).ToList(),
            (q, prefix, a) => q.Add(prefix + "Key", a.Key).Add(prefix + "Value", a.Value));

    public static QueryRequest AddCertificates(this QueryRequest request, IReadOnlyList<string>? arns) =>
        request.AddStructList("Certificates", arns, (q, prefix, arn) => q.Add(prefix + "CertificateArn", arn));

    public static QueryRequest AddTargets(this QueryRequest request, IReadOnlyList<Elbv2Target>? targets) =>
        request.AddStructList("Targets", targets, (q, prefix, t) => q.Add(prefix + "Id", t.Id).Add(prefix + "Port", t.Port));

    public static QueryRequest AddActions(this QueryRequest request, IReadOnlyList<Elbv2Action>? actions) =>
        request.AddStructList("DefaultActions", actions, (q, prefix, a) =>
        {
            q.Add(prefix + "Type", a.Type).Add(prefix + "TargetGroupArn", a.TargetGroupArn);
            if (a.Redirect is { } r)
            {
                var p = prefix + "RedirectConfig.";
                q.Add(p + "StatusCode", r.StatusCode).Add(p + "Protocol", r.Protocol).Add(p + "Port", r.Port)
                    .Add(p + "Host", r.Host).Add(p + "Path", r.Path).Add(p + "Query", r.Query);
            }
        });

    public static QueryRequest AddHealthCheck(this QueryRequest request, Elbv2HealthCheck check) => request
        .Add("HealthCheckProtocol", check.Protocol)
        .Add("HealthCheckPort", check.Port)
        .Add("HealthCheckPath", check.Path)
        .Add("HealthCheckEnabled", check.Enabled)
        .Add("HealthCheckIntervalSeconds", check.IntervalSeconds)
        .Add("HealthCheckTimeoutSeconds", check.TimeoutSeconds)
        .Add("HealthyThresholdCount", check.HealthyThresholdCount)
        .Add("UnhealthyThresholdCount", check.UnhealthyThresholdCount)
        .Add("Matcher.HttpCode", check.HttpCode);
}
