using System.Net;
using System.Text.RegularExpressions;
using static Gureum.Local.Aws.Elbv2.Elbv2Errors;

namespace Gureum.Local.Aws.Elbv2;

/// <summary>
/// Load balancers, target groups and listeners of the emulator's one account and region, behind one
/// lock, with ELBv2's rules. Creates are idempotent as on AWS (the same name and settings answer the
/// existing resource; other settings are Duplicate*). Time-dependent state (provisioning → active,
/// target health, draining) is computed from the clock when read. Every change is persisted when a
/// state file is configured.
/// </summary>
internal sealed partial class Elbv2Store
{
    public const int MaxTags = 50;
    public const int MaxListenersPerLoadBalancer = 50;

    private readonly Lock _gate = new();
    private readonly List<LoadBalancerState> _loadBalancers = [];
    private readonly List<TargetGroupState> _targetGroups = [];
    private readonly List<ListenerState> _listeners = [];
    private readonly JsonStateFile<Elbv2Snapshot>? _file;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, TimeSpan> _simulated;
    private readonly TimeSpan _provisioning;
    private readonly string _region;
    private readonly string _account;

    public Elbv2Store(string region, string account, TimeProvider time, Func<TimeSpan, TimeSpan> simulated, TimeSpan provisioningDelay, string? stateFile)
    {
        _region = region;
        _account = account;
        _time = time;
        _simulated = simulated;
        _provisioning = provisioningDelay;
        Network = Elbv2Network.ByShape(region);
        if (stateFile is null)
            return;
        _file = new JsonStateFile<Elbv2Snapshot>(stateFile);
        if (_file.Load() is { } snapshot)
        {
            _loadBalancers.AddRange(snapshot.LoadBalancers);
            _targetGroups.AddRange(snapshot.TargetGroups);
            _listeners.AddRange(snapshot.Listeners);
        }
    }

    /// <summary>The EC2 side (see <see cref="Elbv2Network"/>); replaced when an EC2 emulator runs beside.</summary>
    public Elbv2Network Network { get; set; }

    public DateTimeOffset Now => _time.GetUtcNow();

    public string StateOf(LoadBalancerState lb) => Now >= lb.ActiveAt ? "active" : "provisioning";

    // ---- load balancers ----

    public LoadBalancerState CreateLoadBalancer(NewLoadBalancer request)
    {
        if (Elbv2Naming.LoadBalancerNameProblem(request.Name) is { } problem)
            throw Validation(problem);
        var subnets = ResolveSubnets(request.Type, request.Subnets);
        CheckSecurityGroups(request.SecurityGroups);
        CheckTags(request.Tags, []);
        lock (_gate)
        {
            if (_loadBalancers.FirstOrDefault(l => string.Equals(l.Name, request.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                var same = existing.Type == request.Type && existing.Scheme == request.Scheme
                    && existing.Subnets.Select(s => s.SubnetId).Order().SequenceEqual(request.Subnets.Order())
                    && (request.SecurityGroups.Count == 0 || existing.SecurityGroups.Order().SequenceEqual(request.SecurityGroups.Order()));
                return same ? Copy(existing)
                    : throw Error("DuplicateLoadBalancerName", $"A load balancer with the same name '{request.Name}' exists, but with different settings");
            }
            var id = Elbv2Naming.NewId();
            var now = Now;
            var lb = new LoadBalancerState
            {
                Arn = Elbv2Naming.LoadBalancerArn(_region, _account, request.Type, request.Name, id),
                Name = request.Name,
                Type = request.Type,
                Scheme = request.Scheme,
                DnsName = Elbv2Naming.DnsName(request.Name, id, _region, request.Type, request.Scheme).ToLowerInvariant(),
                CanonicalHostedZoneId = Elbv2Naming.CanonicalHostedZoneId(_region, request.Type),
                VpcId = subnets[0].VpcId,
                IpAddressType = request.IpAddressType,
                CreatedTime = now,
                ActiveAt = now + _simulated(_provisioning),
                Subnets = [.. subnets],
                SecurityGroups = request.SecurityGroups.Count == 0 && request.Type == "application"
                    && Network.DefaultSecurityGroup(subnets[0].VpcId) is { } defaultGroup
                    ? [defaultGroup]
                    : [.. request.SecurityGroups],
                Attributes = Elbv2Defaults.LoadBalancerAttributes(request.Type),
                Tags = [.. request.Tags],
            };
            _loadBalancers.Add(lb);
            Save();
            return Copy(lb);
        }
    }

    /// <summary>By names or ARNs (all must exist), or all when both are empty.</summary>
    public IReadOnlyList<LoadBalancerState> DescribeLoadBalancers(IReadOnlyList<string> names, IReadOnlyList<string> arns)
    {
        lock (_gate)
        {
            if (names.Count > 0)
                return names.Select(n => _loadBalancers.FirstOrDefault(l => l.Name == n) ?? throw LoadBalancerNotFound($"{n}")).Select(Copy).ToList();
            if (arns.Count > 0)
                return arns.Select(a => LoadBalancer(a)).Select(Copy).ToList();
            return _loadBalancers.Select(Copy).ToList();
        }
    }

    public LoadBalancerState GetLoadBalancer(string arn)
    {
        lock (_gate)
            return Copy(LoadBalancer(arn));
    }

    /// <summary>Deleting one that does not exist succeeds, as on AWS. Its listeners go with it.</summary>
    public void DeleteLoadBalancer(string arn)
    {
        lock (_gate)
        {
            if (_loadBalancers.FirstOrDefault(l => l.Arn == arn) is not { } lb)
                return;
            if (lb.Attributes.GetValueOrDefault(Elbv2Defaults.DeletionProtection) == "true")
                throw Error("OperationNotPermitted", $"Load balancer '{arn}' cannot be deleted because deletion protection is enabled");
            _loadBalancers.Remove(lb);
            _listeners.RemoveAll(l => l.LoadBalancerArn == arn);
            RefreshUse();
            Save();
        }
    }

    public Dictionary<string, string> LoadBalancerAttributes(string arn)
    {
        lock (_gate)
            return new(LoadBalancer(arn).Attributes, StringComparer.Ordinal);
    }

    public Dictionary<string, string> ModifyLoadBalancerAttributes(string arn, IReadOnlyList<KeyValuePair<string, string>> changes)
    {
        lock (_gate)
        {
            var lb = LoadBalancer(arn);
            foreach (var (key, value) in changes)
            {
                if (!lb.Attributes.ContainsKey(key))
                    throw Validation($"Load balancer attribute key '{key}' is not recognized");
                if (Elbv2Defaults.AttributeProblem(key, value) is { } problem)
                    throw Validation(problem);
            }
            foreach (var (key, value) in changes)
                lb.Attributes[key] = value;
            Save();
            return new(lb.Attributes, StringComparer.Ordinal);
        }
    }

    public IReadOnlyList<string> SetSecurityGroups(string arn, IReadOnlyList<string> groups)
    {
        CheckSecurityGroups(groups);
        lock (_gate)
        {
            var lb = LoadBalancer(arn);
            lb.SecurityGroups = [.. groups];
            Save();
            return lb.SecurityGroups;
        }
    }

    public IReadOnlyList<Elbv2Subnet> SetSubnets(string arn, IReadOnlyList<string> subnetIds)
    {
        lock (_gate)
        {
            var lb = LoadBalancer(arn);
            var subnets = ResolveSubnets(lb.Type, subnetIds);
            if (subnets.Any(s => s.VpcId != lb.VpcId))
                throw InvalidConfiguration($"The subnets must be in the load balancer's VPC '{lb.VpcId}'");
            lb.Subnets = [.. subnets];
            Save();
            return lb.Subnets;
        }
    }

    // ---- tags (load balancers, target groups, listeners by ARN) ----

    public void AddTags(IReadOnlyList<string> arns, IReadOnlyList<Elbv2Tag> tags)
    {
        lock (_gate)
        {
            var owners = arns.Select(TagsOf).ToList();
            foreach (var owner in owners)
                CheckTags(tags, owner);
            foreach (var owner in owners)
                foreach (var tag in tags)
                {
                    owner.RemoveAll(t => t.Key == tag.Key);
                    owner.Add(tag);
                }
            Save();
        }
    }

    public void RemoveTags(IReadOnlyList<string> arns, IReadOnlyList<string> keys)
    {
        lock (_gate)
        {
            var owners = arns.Select(TagsOf).ToList();
            foreach (var owner in owners)
                owner.RemoveAll(t => keys.Contains(t.Key));
            Save();
        }
    }

    public IReadOnlyList<(string Arn, IReadOnlyList<Elbv2Tag> Tags)> DescribeTags(IReadOnlyList<string> arns)
    {
        lock (_gate)
            return arns.Select(a => (a, (IReadOnlyList<Elbv2Tag>)[.. TagsOf(a)])).ToList();
    }

    private List<Elbv2Tag> TagsOf(string arn) =>
        arn.Contains(":loadbalancer/", StringComparison.Ordinal) ? LoadBalancer(arn).Tags
        : arn.Contains(":targetgroup/", StringComparison.Ordinal) ? TargetGroup(arn).Tags
        : arn.Contains(":listener/", StringComparison.Ordinal) ? Listener(arn).Tags
        : throw Validation($"'{arn}' is not a valid load balancer, target group or listener ARN");

    private static void CheckTags(IReadOnlyList<Elbv2Tag> tags, IReadOnlyList<Elbv2Tag> existing)
    {
        if (tags.GroupBy(t => t.Key).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw Error("DuplicateTagKeys", $"Tag key '{duplicate.Key}' is duplicated");
        if (tags.Any(t => t.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)))
            throw Validation("Tag keys starting with 'aws:' are reserved for internal use");
        if (existing.Select(t => t.Key).Union(tags.Select(t => t.Key)).Count() > MaxTags)
            throw Error("TooManyTags", $"The quota for the number of tags that can be assigned to a resource is {MaxTags}");
    }

    // ---- helpers shared by the partial files ----

    private List<Elbv2Subnet> ResolveSubnets(string type, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
            throw Validation("At least one subnet must be specified");
        var subnets = ids.Select(id => Network.FindSubnet(id) ?? throw Error("SubnetNotFound", $"The subnet ID '{id}' is not valid")).ToList();
        if (subnets.GroupBy(s => s.AvailabilityZone).Any(g => g.Count() > 1))
            throw InvalidConfiguration("A load balancer cannot be attached to multiple subnets in the same Availability Zone");
        if (subnets.Select(s => s.VpcId).Distinct().Count() > 1)
            throw InvalidConfiguration("The subnets must all be in the same VPC");
        if (type == "application" && subnets.Count < 2)
            throw InvalidConfiguration("At least two subnets in two different Availability Zones must be specified");
        return subnets;
    }

    private void CheckSecurityGroups(IReadOnlyList<string> groups)
    {
        if (groups.FirstOrDefault(g => !Network.SecurityGroupExists(g)) is { } missing)
            throw Error("InvalidSecurityGroup", $"The security group '{missing}' does not exist");
    }

    private LoadBalancerState LoadBalancer(string arn) =>
        _loadBalancers.FirstOrDefault(l => l.Arn == arn) ?? throw LoadBalancerNotFound($"{arn}");

    /// <summary>Recomputes which target groups a listener forwards to; checks start when one first does.</summary>
    private void RefreshUse()
    {
        var used = _listeners.SelectMany(l => l.DefaultActions).Select(a => a.TargetGroupArn).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var group in _targetGroups)
            group.InUseSince = used.Contains(group.Arn) ? group.InUseSince ?? Now : null;
    }

    private void Save() =>
        _file?.Save(new Elbv2Snapshot(_loadBalancers, _targetGroups, _listeners));

    private static LoadBalancerState Copy(LoadBalancerState lb) => lb with
    {
        Subnets = [.. lb.Subnets],
        SecurityGroups = [.. lb.SecurityGroups],
        Attributes = new(lb.Attributes, StringComparer.Ordinal),
        Tags = [.. lb.Tags],
    };

    [GeneratedRegex(@"^arn:aws[a-z-]*:(acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+|iam::\d{12}:server-certificate/.+)$")]
    private static partial Regex CertificateArn();

    private static bool IsIp(string id) => IPAddress.TryParse(id, out _);
}
