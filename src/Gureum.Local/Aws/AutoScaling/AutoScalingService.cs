using System.Globalization;
using Gureum.Aws;
using Gureum.Local.Aws.Query;

namespace Gureum.Local.Aws.AutoScaling;

/// <summary>Auto Scaling over the Query protocol (2011-01-01): groups from launch templates, their instances (launched in
/// the emulated EC2, registered in the emulated ELBv2), tags, target tracking policies, instance refreshes and scaling
/// activities, with Auto Scaling's errors and shapes.</summary>
internal sealed class AutoScalingService : QueryService
{
    private static readonly string[] HealthCheckTypes = ["EC2", "ELB", "VPC_LATTICE", "EBS"];
    private static readonly string[] PolicyTypes = ["SimpleScaling", "StepScaling", "TargetTrackingScaling", "PredictiveScaling"];
    private static readonly string[] MetricTypes = ["ASGAverageCPUUtilization", "ASGAverageNetworkIn", "ASGAverageNetworkOut", "ALBRequestCountPerTarget"];
    private static readonly ModelPattern NamePattern = ModelPattern.Of(@"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*", @"[\u0020-\uFFFF\r\n\t]*");
    private static readonly System.Text.RegularExpressions.Regex ResourceLabel = new(
        "^app/[^/]+/[0-9a-f]+/targetgroup/[^/]+/[0-9a-f]+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly string[] AlarmKinds = ["AlarmHigh", "AlarmLow"];

    private readonly AutoScalingStore _store;
    private readonly string _region;
    private readonly string _account;

    private AutoScalingService(AutoScalingStore store, string region, string account) : base(AwsServiceCatalog.AutoScaling, "2011-01-01")
    {
        _store = store;
        _region = region;
        _account = account;
        Actions = new Dictionary<string, QueryAction>(StringComparer.Ordinal)
        {
            ["CreateAutoScalingGroup"] = QueryAction.Write(CreateGroup),
            ["UpdateAutoScalingGroup"] = QueryAction.Write(UpdateGroup),
            ["DeleteAutoScalingGroup"] = QueryAction.Write(p => _store.Delete(Name(p), p.Bool("ForceDelete") ?? false)),
            ["DescribeAutoScalingGroups"] = QueryAction.Read(DescribeGroups),
            ["DescribeAutoScalingInstances"] = QueryAction.Read(DescribeInstances),
            ["SetDesiredCapacity"] = QueryAction.Write(p => _store.SetDesiredCapacity(Name(p), p.Int("DesiredCapacity", 0, int.MaxValue) ?? throw Missing("DesiredCapacity"))),
            ["TerminateInstanceInAutoScalingGroup"] = QueryAction.Write(p => [E("Activity", Activity(_store.TerminateInstance(
                p.RequiredString("InstanceId", 1, 19), p.Bool("ShouldDecrementDesiredCapacity") ?? throw Missing("ShouldDecrementDesiredCapacity"))))]),
            ["CreateOrUpdateTags"] = QueryAction.Write(p => _store.SetTags(Tags(p).Select(t => (t.Group ?? throw Missing("Tags.member.1.ResourceId"), t.Tag)).ToList())),
            ["DeleteTags"] = QueryAction.Write(p => _store.DeleteTags(Tags(p).Select(t => (t.Group ?? throw Missing("Tags.member.1.ResourceId"), t.Tag.Key)).ToList())),
            ["DescribeTags"] = QueryAction.Read(DescribeTags),
            ["AttachLoadBalancerTargetGroups"] = QueryAction.Write(p => { _store.AttachTargetGroups(Name(p), p.List("TargetGroupARNs", 10)); return []; }),
            ["DetachLoadBalancerTargetGroups"] = QueryAction.Write(p => { _store.DetachTargetGroups(Name(p), p.List("TargetGroupARNs", 10)); return []; }),
            ["DescribeLoadBalancerTargetGroups"] = QueryAction.Read(p =>
                [Members("LoadBalancerTargetGroups", _store.Get(Name(p)).TargetGroupArns.Select(a => new object?[] { E("LoadBalancerTargetGroupARN", a), E("State", "InService") }))]),
            ["AttachTrafficSources"] = QueryAction.Write(p => { _store.AttachTargetGroups(Name(p), TrafficSources(p)); return []; }),
            ["DetachTrafficSources"] = QueryAction.Write(p => { _store.DetachTargetGroups(Name(p), TrafficSources(p)); return []; }),
            ["DescribeTrafficSources"] = QueryAction.Read(p =>
                [Members("TrafficSources", _store.Get(Name(p)).TargetGroupArns.Select(a => new object?[] { E("TrafficSource", a), E("State", "InService"), E("Identifier", a), E("Type", "elbv2") }))]),
            ["PutScalingPolicy"] = QueryAction.Write(PutScalingPolicy),
            ["DescribePolicies"] = QueryAction.Read(DescribePolicies),
            ["DeletePolicy"] = QueryAction.Write(p => _store.DeletePolicy(p.Optional("AutoScalingGroupName"), p.RequiredString("PolicyName", 1, 1600))),
            ["StartInstanceRefresh"] = QueryAction.Write(StartInstanceRefresh),
            ["DescribeInstanceRefreshes"] = QueryAction.Read(DescribeInstanceRefreshes),
            ["CancelInstanceRefresh"] = QueryAction.Write(p => [E("InstanceRefreshId", _store.CancelRefresh(Name(p)))]),
            ["DescribeScalingActivities"] = QueryAction.Read(DescribeScalingActivities),
        };
    }

    protected override IReadOnlyDictionary<string, QueryAction> Actions { get; }

    internal AutoScalingStore Store => _store;

    public static AutoScalingService Create(AwsEmulatorOptions options)
    {
        var file = options.StateDir is null ? null : Path.Combine(options.StateDir, "aws", "autoscaling.json");
        return new AutoScalingService(new AutoScalingStore(options.Region, options.AccountId, options.TimeProvider, options.Simulated, file),
            options.Region, options.AccountId);
    }

    // ---- groups ----

    private void CreateGroup(QueryParameters p)
    {
        var name = Name(p);
        if (p.Optional("LaunchConfigurationName") is not null || p.Optional("InstanceId") is not null || HasPrefix(p, "MixedInstancesPolicy."))
            throw AutoScalingStore.Validation("The emulator supports groups from a LaunchTemplate only (LaunchConfigurationName, InstanceId and MixedInstancesPolicy are not emulated).");
        if (!HasPrefix(p, "LaunchTemplate."))
            throw AutoScalingStore.Validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
        var template = LaunchTemplate(p, "LaunchTemplate.");
        var min = p.Int("MinSize", 0, int.MaxValue) ?? throw Missing("MinSize");
        var max = p.Int("MaxSize", 0, int.MaxValue) ?? throw Missing("MaxSize");
        var desired = p.Int("DesiredCapacity", 0, int.MaxValue) ?? min;
        CheckSizes(min, max, desired);
        var subnets = Subnets(p);
        var targetGroups = p.List("TargetGroupARNs", 10).Concat(TrafficSources(p)).Distinct().ToList();
        _store.CheckTargetGroups(targetGroups);
        var healthCheckType = p.Enum("HealthCheckType", HealthCheckTypes) ?? "EC2";
        var tags = Tags(p).Select(t => t.Tag).ToList();
        _store.Create(new AsgGroup
        {
            Name = name,
            Arn = $"arn:aws:autoscaling:{_region}:{_account}:autoScalingGroup:{Guid.NewGuid()}:autoScalingGroupName/{name}",
            LaunchTemplate = template,
            MinSize = min,
            MaxSize = max,
            DesiredCapacity = desired,
            DefaultCooldown = p.Int("DefaultCooldown", 0, int.MaxValue) ?? 300,
            SubnetIds = subnets,
            TargetGroupArns = targetGroups,
            HealthCheckType = healthCheckType,
            HealthCheckGracePeriod = p.Int("HealthCheckGracePeriod", 0, int.MaxValue) ?? 0,
            DefaultInstanceWarmup = p.Int("DefaultInstanceWarmup", -1, int.MaxValue) is { } w and >= 0 ? w : null,
            Tags = tags,
            CreatedTime = _store.Now,
        });
    }

    private void UpdateGroup(QueryParameters p)
    {
        var name = Name(p);
        var template = HasPrefix(p, "LaunchTemplate.") ? LaunchTemplate(p, "LaunchTemplate.") : null;
        var min = p.Int("MinSize", 0, int.MaxValue);
        var max = p.Int("MaxSize", 0, int.MaxValue);
        var desired = p.Int("DesiredCapacity", 0, int.MaxValue);
        var subnets = p.Optional("VPCZoneIdentifier") is null ? null : Subnets(p);
        var healthCheckType = p.Enum("HealthCheckType", HealthCheckTypes);
        var grace = p.Int("HealthCheckGracePeriod", 0, int.MaxValue);
        var warmup = p.Int("DefaultInstanceWarmup", -1, int.MaxValue);
        var cooldown = p.Int("DefaultCooldown", 0, int.MaxValue);
        var current = _store.Get(name);
        var newMin = min ?? current.MinSize;
        var newMax = max ?? current.MaxSize;
        // As on AWS, a new min or max moves the desired capacity into the new range when none is given.
        var newDesired = desired ?? Math.Clamp(current.DesiredCapacity, newMin, Math.Max(newMin, newMax));
        CheckSizes(newMin, newMax, newDesired);
        _store.Update(name, g =>
        {
            g.LaunchTemplate = template ?? g.LaunchTemplate;
            (g.MinSize, g.MaxSize, g.DesiredCapacity) = (newMin, newMax, newDesired);
            g.SubnetIds = subnets ?? g.SubnetIds;
            g.HealthCheckType = healthCheckType ?? g.HealthCheckType;
            g.HealthCheckGracePeriod = grace ?? g.HealthCheckGracePeriod;
            // -1 clears it, as on AWS.
            g.DefaultInstanceWarmup = warmup switch { null => g.DefaultInstanceWarmup, < 0 => null, var w => w };
            g.DefaultCooldown = cooldown ?? g.DefaultCooldown;
        });
    }

    private IEnumerable<object?> DescribeGroups(QueryParameters p)
    {
        var names = p.List("AutoScalingGroupNames", 100);
        var filters = Filters(p);
        var groups = _store.Groups()
            .Where(g => names.Count == 0 || names.Contains(g.Name))
            .Where(g => filters.All(f => f.Name switch
            {
                "tag-key" => g.Tags.Any(t => f.Values.Contains(t.Key)),
                "tag-value" => g.Tags.Any(t => f.Values.Contains(t.Value)),
                var n when n.StartsWith("tag:", StringComparison.Ordinal) => g.Tags.Any(t => t.Key == n[4..] && f.Values.Contains(t.Value)),
                var n => throw AutoScalingStore.Validation($"Filter name '{n}' is not supported. Supported filter names are tag-key, tag-value and tag:<key>."),
            }))
            .OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
        return Page(p, groups, 100, "AutoScalingGroups", Group);
    }

    private IEnumerable<object?> DescribeInstances(QueryParameters p)
    {
        var ids = p.List("InstanceIds", 50);
        var instances = _store.Groups().SelectMany(g => g.Instances.Select(i => (Group: g, Instance: i)))
            .Where(x => ids.Count == 0 || ids.Contains(x.Instance.InstanceId)).ToList();
        return Page(p, instances, 50, "AutoScalingInstances", x =>
        [
            E("InstanceId", x.Instance.InstanceId),
            E("InstanceType", x.Instance.InstanceType),
            E("AutoScalingGroupName", x.Group.Name),
            E("AvailabilityZone", x.Instance.AvailabilityZone),
            E("LifecycleState", x.Instance.LifecycleState),
            E("HealthStatus", x.Instance.HealthStatus.ToUpperInvariant()),
            LaunchTemplateContent(x.Instance),
            E("ProtectedFromScaleIn", "false"),
        ]);
    }

    private IEnumerable<object?> DescribeTags(QueryParameters p)
    {
        var filters = Filters(p);
        var tags = _store.Groups().SelectMany(g => g.Tags.Select(t => (Group: g.Name, Tag: t)))
            .Where(x => filters.All(f => f.Name switch
            {
                "auto-scaling-group" => f.Values.Contains(x.Group),
                "key" => f.Values.Contains(x.Tag.Key),
                "value" => f.Values.Contains(x.Tag.Value),
                "propagate-at-launch" => f.Values.Contains(x.Tag.PropagateAtLaunch ? "true" : "false"),
                var n => throw AutoScalingStore.Validation($"Filter name '{n}' is not supported."),
            })).ToList();
        return Page(p, tags, 100, "Tags", x => TagContent(x.Group, x.Tag));
    }

    // ---- policies ----

    private IEnumerable<object?> PutScalingPolicy(QueryParameters p)
    {
        var groupName = Name(p);
        var policyName = p.RequiredString("PolicyName", 1, 255, NamePattern);
        var type = p.Enum("PolicyType", PolicyTypes) ?? "SimpleScaling";
        const string tt = "TargetTrackingConfiguration.";
        string? metric = null, label = null;
        double target = 0;
        if (type == "TargetTrackingScaling")
        {
            if (!HasPrefix(p, tt))
                throw AutoScalingStore.Validation("TargetTrackingConfiguration is required for a policy of type TargetTrackingScaling.");
            if (HasPrefix(p, tt + "CustomizedMetricSpecification."))
                throw AutoScalingStore.Validation("The emulator supports only PredefinedMetricSpecification in target tracking policies.");
            metric = p.Enum(tt + "PredefinedMetricSpecification.PredefinedMetricType", MetricTypes)
                ?? throw AutoScalingStore.Validation("Exactly one of PredefinedMetricSpecification or CustomizedMetricSpecification must be specified.");
            var targetText = p.Optional(tt + "TargetValue") ?? throw Missing(tt + "TargetValue");
            if (!double.TryParse(targetText, NumberStyles.Float, CultureInfo.InvariantCulture, out target) || target <= 0)
                throw AutoScalingStore.Validation($"Value '{targetText}' at 'targetTrackingConfiguration.targetValue' failed to satisfy constraint: Member must be a positive number");
            label = p.String(tt + "PredefinedMetricSpecification.ResourceLabel", 1, 1023);
            if (metric == "ALBRequestCountPerTarget")
            {
                if (label is null)
                    throw AutoScalingStore.Validation("ResourceLabel must be specified for the predefined metric type ALBRequestCountPerTarget.");
                if (!ResourceLabel.IsMatch(label))
                    throw AutoScalingStore.Validation($"Resource label '{label}' is invalid; expected app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>.");
                var groupPart = label[label.IndexOf("targetgroup/", StringComparison.Ordinal)..];
                if (!_store.Get(groupName).TargetGroupArns.Any(a => a.EndsWith(groupPart, StringComparison.Ordinal)))
                    throw AutoScalingStore.Validation($"The target group in resource label '{label}' is not attached to the Auto Scaling group {groupName}.");
            }
            else if (label is not null)
                throw AutoScalingStore.Validation($"ResourceLabel is not supported for the predefined metric type {metric}.");
        }
        var warmup = p.Int("EstimatedInstanceWarmup", 0, int.MaxValue);
        var policy = _store.PutPolicy(groupName, (group, existing) => new AsgPolicy
        {
            Name = policyName,
            Arn = existing?.Arn ?? $"arn:aws:autoscaling:{_region}:{_account}:scalingPolicy:{Guid.NewGuid()}:autoScalingGroupName/{groupName}:policyName/{policyName}",
            AlarmId = existing?.AlarmId ?? Guid.NewGuid().ToString(),
            PolicyType = type,
            MetricType = metric,
            ResourceLabel = label,
            TargetValue = target,
            DisableScaleIn = p.Bool(tt + "DisableScaleIn") ?? false,
            EstimatedInstanceWarmup = warmup,
            Enabled = p.Bool("Enabled") ?? true,
            AdjustmentType = p.Optional("AdjustmentType"),
            ScalingAdjustment = p.Int("ScalingAdjustment", int.MinValue, int.MaxValue),
            Cooldown = p.Int("Cooldown", 0, int.MaxValue),
        });
        return [E("PolicyARN", policy.Arn), Members("Alarms", Alarms(policy, groupName))];
    }

    private IEnumerable<object?> DescribePolicies(QueryParameters p)
    {
        var group = p.Optional("AutoScalingGroupName");
        if (group is not null && !_store.Exists(group))
            return [Members("ScalingPolicies", [])];
        var policies = _store.Policies(group, p.List("PolicyNames", 50), p.List("PolicyTypes", 10));
        return Page(p, policies, 100, "ScalingPolicies", policy =>
        {
            var groupName = _store.GroupOfPolicy(policy);
            return
            [
                E("AutoScalingGroupName", groupName),
                E("PolicyName", policy.Name),
                E("PolicyARN", policy.Arn),
                E("PolicyType", policy.PolicyType),
                Optional("AdjustmentType", policy.AdjustmentType),
                Optional("ScalingAdjustment", policy.ScalingAdjustment),
                Optional("Cooldown", policy.Cooldown),
                Optional("EstimatedInstanceWarmup", policy.EstimatedInstanceWarmup),
                Members("Alarms", Alarms(policy, groupName)),
                policy.MetricType is null ? null : E("TargetTrackingConfiguration",
                    E("PredefinedMetricSpecification", E("PredefinedMetricType", policy.MetricType), Optional("ResourceLabel", policy.ResourceLabel)),
                    E("TargetValue", policy.TargetValue.ToString("0.0##############", CultureInfo.InvariantCulture)),
                    E("DisableScaleIn", policy.DisableScaleIn ? "true" : "false")),
                E("Enabled", policy.Enabled ? "true" : "false"),
            ];
        });
    }

    private IEnumerable<object?[]> Alarms(AsgPolicy policy, string group) =>
        policy.PolicyType != "TargetTrackingScaling" ? [] :
        AlarmKinds.Select(kind =>
        {
            var name = $"TargetTracking-{group}-{kind}-{policy.AlarmId}";
            return new object?[] { E("AlarmName", name), E("AlarmARN", $"arn:aws:cloudwatch:{_region}:{_account}:alarm:{name}") };
        });

    // ---- instance refresh ----

    private IEnumerable<object?> StartInstanceRefresh(QueryParameters p)
    {
        var name = Name(p);
        if ((p.Optional("Strategy") ?? "Rolling") != "Rolling")
            throw AutoScalingStore.Validation($"Value '{p.Optional("Strategy")}' at 'strategy' failed to satisfy constraint: Member must satisfy enum value set: [Rolling, ReplaceRootVolume]");
        var desired = HasPrefix(p, "DesiredConfiguration.LaunchTemplate.") ? LaunchTemplate(p, "DesiredConfiguration.LaunchTemplate.") : null;
        var group = _store.Get(name);
        var id = _store.StartRefresh(name, new AsgRefresh
        {
            Id = Guid.NewGuid().ToString(),
            StartTime = _store.Now,
            MinHealthyPercentage = p.Int("Preferences.MinHealthyPercentage", 0, 100) ?? 90,
            InstanceWarmup = p.Int("Preferences.InstanceWarmup", 0, int.MaxValue),
            SkipMatching = p.Bool("Preferences.SkipMatching") ?? false,
            DesiredLaunchTemplate = desired,
        });
        _ = group;
        return [E("InstanceRefreshId", id)];
    }

    private IEnumerable<object?> DescribeInstanceRefreshes(QueryParameters p)
    {
        var refreshes = _store.Refreshes(Name(p), p.List("InstanceRefreshIds", 50));
        var name = Name(p);
        return Page(p, refreshes, 100, "InstanceRefreshes", r =>
        [
            E("InstanceRefreshId", r.Id),
            E("AutoScalingGroupName", name),
            E("Status", r.Status),
            Optional("StatusReason", r.StatusReason),
            E("StartTime", Timestamp(r.StartTime)),
            r.EndTime is { } end ? E("EndTime", Timestamp(end)) : null,
            E("PercentageComplete", r.PercentageComplete),
            E("InstancesToUpdate", Math.Max(0, r.InstancesToUpdate * (100 - r.PercentageComplete) / 100)),
            E("ProgressDetails", E("LivePoolProgress", E("PercentageComplete", r.PercentageComplete),
                E("InstancesToUpdate", Math.Max(0, r.InstancesToUpdate * (100 - r.PercentageComplete) / 100)))),
            E("Preferences",
                E("MinHealthyPercentage", r.MinHealthyPercentage),
                Optional("InstanceWarmup", r.InstanceWarmup),
                E("SkipMatching", r.SkipMatching ? "true" : "false"),
                E("AutoRollback", "false"),
                E("ScaleInProtectedInstances", "Ignore"),
                E("StandbyInstances", "Ignore"),
                E("MaxHealthyPercentage", 100)),
            r.DesiredLaunchTemplate is { } lt ? E("DesiredConfiguration", TemplateSpec("LaunchTemplate", lt)) : null,
            E("Strategy", "Rolling"),
        ]);
    }

    private IEnumerable<object?> DescribeScalingActivities(QueryParameters p)
    {
        var activities = _store.Activities(p.Optional("AutoScalingGroupName"), p.List("ActivityIds", 50));
        return Page(p, activities, 100, "Activities", Activity);
    }

    // ---- shapes ----

    private IEnumerable<object?> Group(AsgGroup g) =>
    [
        E("AutoScalingGroupName", g.Name),
        E("AutoScalingGroupARN", g.Arn),
        TemplateSpec("LaunchTemplate", g.LaunchTemplate),
        E("MinSize", g.MinSize),
        E("MaxSize", g.MaxSize),
        E("DesiredCapacity", g.DesiredCapacity),
        E("DefaultCooldown", g.DefaultCooldown),
        Members("AvailabilityZones", g.Instances.Select(i => i.AvailabilityZone).Concat(ZonesOf(g)).Distinct().Order(StringComparer.Ordinal).Select(z => new object?[] { z })),
        Members("LoadBalancerNames", []),
        Members("TargetGroupARNs", g.TargetGroupArns.Select(a => new object?[] { a })),
        E("HealthCheckType", g.HealthCheckType),
        E("HealthCheckGracePeriod", g.HealthCheckGracePeriod),
        Members("Instances", g.Instances.OrderBy(i => i.InstanceId, StringComparer.Ordinal).Select(i => new object?[]
        {
            E("InstanceId", i.InstanceId),
            E("InstanceType", i.InstanceType),
            E("AvailabilityZone", i.AvailabilityZone),
            E("LifecycleState", i.LifecycleState),
            E("HealthStatus", i.HealthStatus),
            LaunchTemplateContent(i),
            E("ImageId", i.ImageId),
            E("ProtectedFromScaleIn", "false"),
        })),
        E("CreatedTime", Timestamp(g.CreatedTime)),
        Members("SuspendedProcesses", []),
        E("VPCZoneIdentifier", string.Join(',', g.SubnetIds)),
        Members("EnabledMetrics", []),
        g.Deleting ? E("Status", "Delete in progress") : null,
        Members("Tags", g.Tags.Select(t => TagContent(g.Name, t))),
        Members("TerminationPolicies", [new object?[] { "Default" }]),
        E("NewInstancesProtectedFromScaleIn", "false"),
        E("ServiceLinkedRoleARN", $"arn:aws:iam::{_account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"),
        E("CapacityRebalance", "false"),
        Optional("DefaultInstanceWarmup", g.DefaultInstanceWarmup),
        Members("TrafficSources", g.TargetGroupArns.Select(a => new object?[] { E("Identifier", a), E("Type", "elbv2") })),
    ];

    private IEnumerable<string> ZonesOf(AsgGroup g) => _store.Ec2 is { } ec2
        ? ec2.Network.Subnets().Where(s => g.SubnetIds.Contains(s.SubnetId)).Select(s => s.AvailabilityZone)
        : [];

    private System.Xml.Linq.XElement LaunchTemplateContent(AsgInstance i) =>
        E("LaunchTemplate", E("LaunchTemplateId", i.LaunchTemplateId), E("LaunchTemplateName", i.LaunchTemplateName),
            E("Version", i.LaunchTemplateVersion.ToString(CultureInfo.InvariantCulture)));

    private System.Xml.Linq.XElement TemplateSpec(string element, AsgLaunchTemplate lt)
    {
        // AWS answers both the id and the name, whichever was given.
        var resolved = _store.Ec2 is { } ec2 && Try(() => ec2.LaunchTemplates.Resolve(lt.LaunchTemplateId, lt.LaunchTemplateName, null).Template) is { } t ? t : null;
        return E(element, Optional("LaunchTemplateId", lt.LaunchTemplateId ?? resolved?.Id),
            Optional("LaunchTemplateName", lt.LaunchTemplateName ?? resolved?.Name), E("Version", lt.Version ?? "$Default"));
    }

    private static T? Try<T>(Func<T> read) where T : class
    {
        try
        {
            return read();
        }
        catch (AwsErrorException)
        {
            return null;
        }
    }

    private object?[] TagContent(string group, AsgTag t) =>
    [
        E("ResourceId", group),
        E("ResourceType", "auto-scaling-group"),
        E("Key", t.Key),
        E("Value", t.Value),
        E("PropagateAtLaunch", t.PropagateAtLaunch ? "true" : "false"),
    ];

    private IEnumerable<object?> Activity(AsgActivity a) =>
    [
        E("ActivityId", a.ActivityId),
        E("AutoScalingGroupName", a.GroupName),
        E("Description", a.Description),
        E("Cause", a.Cause),
        E("StartTime", Timestamp(a.StartTime)),
        a.EndTime is { } end ? E("EndTime", Timestamp(end)) : null,
        E("StatusCode", a.StatusCode),
        Optional("StatusMessage", a.StatusMessage),
        E("Progress", a.Progress),
        E("Details", a.Details),
        E("AutoScalingGroupARN", a.GroupArn),
    ];

    /// <summary>MaxRecords/NextToken paging; a token that is not ours is InvalidNextToken.</summary>
    private IEnumerable<object?> Page<T>(QueryParameters p, IReadOnlyList<T> all, int max, string element, Func<T, IEnumerable<object?>> content)
    {
        var size = p.Int("MaxRecords", 1, max) ?? Math.Min(max, 50);
        var start = 0;
        if (p.Optional("NextToken") is { } token)
            start = QueryMarker.Decode(token, all.Count) ?? throw AutoScalingStore.Error("InvalidNextToken", $"The token '{token}' is invalid.");
        var page = all.Skip(start).Take(size).ToList();
        return
        [
            Members(element, page.Select(item => content(item).ToArray())),
            start + size < all.Count ? E("NextToken", QueryMarker.Encode(start + size)) : null,
        ];
    }

    // ---- requests ----

    private static string Name(QueryParameters p) => p.RequiredString("AutoScalingGroupName", 1, 255, NamePattern);

    private static AwsErrorException Missing(string name) =>
        QueryParameters.Validation($"Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    private static bool HasPrefix(QueryParameters p, string prefix) => p.HasPrefix(prefix);

    private static void CheckSizes(int min, int max, int desired)
    {
        if (min > max)
            throw AutoScalingStore.Validation($"Max bound, {max}, must be greater than or equal to min bound, {min}");
        if (desired < min || desired > max)
            throw AutoScalingStore.Validation($"Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}");
    }

    /// <summary>A LaunchTemplate specification, checked against the emulated EC2 as AWS checks it at create.</summary>
    private AsgLaunchTemplate LaunchTemplate(QueryParameters p, string prefix)
    {
        var spec = new AsgLaunchTemplate(p.String(prefix + "LaunchTemplateId", 1, 255), p.String(prefix + "LaunchTemplateName", 3, 128),
            p.String(prefix + "Version", 1, 255));
        if ((spec.LaunchTemplateId is null) == (spec.LaunchTemplateName is null))
            throw AutoScalingStore.Validation("Valid requests must contain either launchTemplateId or LaunchTemplateName");
        if (_store.Ec2 is { } ec2)
        {
            try
            {
                ec2.LaunchTemplates.Resolve(spec.LaunchTemplateId, spec.LaunchTemplateName, spec.Version);
            }
            catch (AwsErrorException e)
            {
                throw AutoScalingStore.Validation("You must use a valid fully-formed launch template. " + e.Error.Message);
            }
        }
        return spec;
    }

    private List<string> Subnets(QueryParameters p)
    {
        var ids = (p.Optional("VPCZoneIdentifier") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var zones = p.List("AvailabilityZones", 100);
        if (_store.Ec2 is { } ec2)
        {
            var subnets = ec2.Network.Subnets();
            if (ids.FirstOrDefault(id => subnets.All(s => s.SubnetId != id)) is { } missing)
                throw AutoScalingStore.Validation($"The subnet ID '{missing}' does not exist");
            if (ids.Count == 0 && zones.Count > 0)
            {
                if (zones.FirstOrDefault(z => subnets.All(s => s.AvailabilityZone != z)) is { } zone)
                    throw AutoScalingStore.Validation($"The availability zone '{zone}' is not valid.");
                ids = subnets.Where(s => s.DefaultForAz && zones.Contains(s.AvailabilityZone)).Select(s => s.SubnetId).ToList();
            }
        }
        if (ids.Count == 0)
            throw AutoScalingStore.Validation("At least one Availability Zone or VPC Subnet is required.");
        return ids;
    }

    private static List<string> TrafficSources(QueryParameters p) =>
        p.StructList("TrafficSources", 10, prefix =>
        {
            var type = p.Optional(prefix + "Type") ?? "elbv2";
            if (type != "elbv2")
                throw AutoScalingStore.Validation($"Traffic source type '{type}' is not emulated; only elbv2 (target groups) is.");
            return p.Optional(prefix + "Identifier") ?? throw Missing("TrafficSources.member.1.Identifier");
        }).ToList();

    private static IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Filters(QueryParameters p) =>
        p.StructList("Filters", 10, prefix => (p.Optional(prefix + "Name") ?? "", (IReadOnlyList<string>)p.List(prefix + "Values", 100)));

    private static IReadOnlyList<(string? Group, AsgTag Tag)> Tags(QueryParameters p) =>
        p.StructList("Tags", 50, prefix =>
        {
            var key = p.String(prefix + "Key", 1, 128, null, required: true)!;
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw AutoScalingStore.Validation("Tag keys starting with 'aws:' are reserved for internal use.");
            var type = p.Optional(prefix + "ResourceType");
            if (type is not null && type != "auto-scaling-group")
                throw AutoScalingStore.Validation($"Resource type '{type}' is not valid; it must be auto-scaling-group.");
            return (p.Optional(prefix + "ResourceId"), new AsgTag(key, p.String(prefix + "Value", 0, 256) ?? "", p.Bool(prefix + "PropagateAtLaunch") ?? false));
        });

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
