using Gureum.Api;
using Gureum.Api.V1Alpha1;
using k8s.Models;

namespace Gureum.Testing;

/// <summary>Builders that read like sentences: TestObjects.DnsRecord("www").InZone("example.com").WithValues("1.2.3.4").Build().</summary>
public static class TestObjects
{
    public const string DefaultNamespace = "default";

    public static DnsRecordBuilder DnsRecord(string name) => new(name);

    public static IamRoleBuilder IamRole(string name) => new(name);

    public static LoadBalancerBuilder LoadBalancer(string name) => new(name);

    public static InstanceGroupBuilder InstanceGroup(string name) => new(name);

    public static RolloutBuilder Rollout(string name) => new(name);

    public static InstanceGroupSpec InstanceGroupSpec() => new()
    {
        Template = new LaunchTemplateSpec { ImageId = "ami-0123456789abcdef0", InstanceType = "t3.micro" },
        SubnetIds = ["subnet-0a1"],
        MinSize = 1,
        MaxSize = 3,
    };
}

/// <summary>Metadata steps shared by every kind's builder.</summary>
public abstract class ObjectBuilder<TSelf, TResource, TSpec, TStatus>(string name)
    where TSelf : ObjectBuilder<TSelf, TResource, TSpec, TStatus>
    where TResource : GureumResource<TSpec, TStatus>, new()
    where TSpec : ManagedSpec
    where TStatus : ResourceStatus
{
    private readonly V1ObjectMeta _metadata = new()
    {
        Name = name,
        NamespaceProperty = TestObjects.DefaultNamespace,
        Generation = 1,
        Uid = Guid.NewGuid().ToString(),
        CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    private TStatus? _status;

    protected abstract TSpec Spec { get; set; }

    private TSelf Self => (TSelf)this;

    public TSelf InNamespace(string ns) => Do(() => _metadata.NamespaceProperty = ns);

    public TSelf WithGeneration(long generation) => Do(() => _metadata.Generation = generation);

    public TSelf WithResourceVersion(string resourceVersion) => Do(() => _metadata.ResourceVersion = resourceVersion);

    public TSelf WithFinalizer(string finalizer = GureumApi.Finalizer) =>
        Do(() => _metadata.Finalizers = [.. _metadata.Finalizers ?? [], finalizer]);

    public TSelf BeingDeleted(DateTime? at = null) =>
        Do(() => _metadata.DeletionTimestamp = at ?? new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));

    public TSelf WithAnnotation(string key, string value) =>
        Do(() => (_metadata.Annotations ??= new Dictionary<string, string>())[key] = value);

    public TSelf WithLabel(string key, string value) =>
        Do(() => (_metadata.Labels ??= new Dictionary<string, string>())[key] = value);

    public TSelf Paused() => WithAnnotation(Annotations.Paused, "true");

    public TSelf Adopting() => WithAnnotation(Annotations.Adopt, "true");

    public TSelf Retained() => Do(() => Spec = Spec with { DeletionPolicy = DeletionPolicy.Retain });

    public TSelf ObserveOnly() => Do(() => Spec = Spec with { ManagementPolicy = ManagementPolicy.ObserveOnly });

    public TSelf ReportingDrift() => Do(() => Spec = Spec with { DriftPolicy = DriftPolicy.Report });

    public TSelf WithStatus(TStatus status) => Do(() => _status = status);

    public TSelf WithSpec(Func<TSpec, TSpec> change) => Do(() => Spec = change(Spec));

    public TResource Build() => new() { Metadata = _metadata, Spec = Spec, Status = _status };

    protected TSelf Do(Action change)
    {
        change();
        return Self;
    }
}

public sealed class DnsRecordBuilder(string name) : ObjectBuilder<DnsRecordBuilder, DnsRecord, DnsRecordSpec, DnsRecordStatus>(name)
{
    protected override DnsRecordSpec Spec { get; set; } = new()
    {
        Zone = new DnsZoneSelector { Name = "example.com" },
        Name = name,
        Type = DnsRecordType.A,
    };

    public DnsRecordBuilder InZone(string zoneName) => Do(() => Spec = Spec with { Zone = new DnsZoneSelector { Name = zoneName } });

    public DnsRecordBuilder InZoneId(string hostedZoneId) =>
        Do(() => Spec = Spec with { Zone = new DnsZoneSelector { HostedZoneId = hostedZoneId } });

    public DnsRecordBuilder OfType(DnsRecordType type) => Do(() => Spec = Spec with { Type = type });

    public DnsRecordBuilder WithValues(params string[] values) => Do(() => Spec = Spec with { Values = values });

    public DnsRecordBuilder WithTtl(long ttl) => Do(() => Spec = Spec with { Ttl = ttl });

    public DnsRecordBuilder AliasTo(string loadBalancerName) => Do(() => Spec = Spec with
    {
        Values = null,
        Alias = new DnsAliasTarget { LoadBalancerRef = new LocalObjectReference { Name = loadBalancerName } },
    });

    public DnsRecordBuilder AliasTo(string dnsName, string hostedZoneId, bool evaluateTargetHealth = false) => Do(() => Spec = Spec with
    {
        Values = null,
        Alias = new DnsAliasTarget { DnsName = dnsName, HostedZoneId = hostedZoneId, EvaluateTargetHealth = evaluateTargetHealth },
    });

    public DnsRecordBuilder Weighted(string setIdentifier, long weight) =>
        Do(() => Spec = Spec with { SetIdentifier = setIdentifier, Weight = weight });
}

public sealed class IamRoleBuilder(string name) : ObjectBuilder<IamRoleBuilder, IamRole, IamRoleSpec, IamRoleStatus>(name)
{
    protected override IamRoleSpec Spec { get; set; } = new() { TrustedServices = ["ec2.amazonaws.com"] };

    public IamRoleBuilder Named(string roleName) => Do(() => Spec = Spec with { RoleName = roleName });

    public IamRoleBuilder TrustingServices(params string[] services) =>
        Do(() => Spec = Spec with { TrustedServices = services, AssumeRolePolicy = null });

    public IamRoleBuilder WithManagedPolicies(params string[] arns) => Do(() => Spec = Spec with { ManagedPolicyArns = arns });

    public IamRoleBuilder WithInstanceProfile() => Do(() => Spec = Spec with { InstanceProfile = new InstanceProfileSpec { Enabled = true } });

    public IamRoleBuilder TrustingPolicy(string json) =>
        Do(() => Spec = Spec with { AssumeRolePolicy = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject(), TrustedServices = null });

    /// <summary>An inline policy allowing <paramref name="actions"/> on every resource.</summary>
    public IamRoleBuilder WithInlinePolicy(string policyName, params string[] actions) => Do(() => Spec = Spec with
    {
        InlinePolicies = new Dictionary<string, System.Text.Json.Nodes.JsonObject>(Spec.InlinePolicies ?? new Dictionary<string, System.Text.Json.Nodes.JsonObject>())
        {
            [policyName] = System.Text.Json.Nodes.JsonNode.Parse(
                $$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[{{{string.Join(",", actions.Select(a => $"\"{a}\""))}}}],"Resource":"*"}]}""")!.AsObject(),
        },
    });

    public IamRoleBuilder WithTags(params (string Key, string Value)[] tags) =>
        Do(() => Spec = Spec with { Tags = tags.ToDictionary(t => t.Key, t => t.Value) });

    public IamRoleBuilder WithPath(string path) => Do(() => Spec = Spec with { Path = path });
}

public sealed class LoadBalancerBuilder(string name) : ObjectBuilder<LoadBalancerBuilder, LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(name)
{
    protected override LoadBalancerSpec Spec { get; set; } = new()
    {
        SubnetIds = [EmulatorNetwork.SubnetA, EmulatorNetwork.SubnetB],
        Listeners = [new ListenerSpec { Port = 80, Protocol = LoadBalancerProtocol.HTTP }],
        TargetGroup = new TargetGroupSpec { Port = 8080, Protocol = LoadBalancerProtocol.HTTP },
    };

    public LoadBalancerBuilder Internal() => Do(() => Spec = Spec with { Scheme = LoadBalancerScheme.Internal });

    public LoadBalancerBuilder WithListener(int port, LoadBalancerProtocol protocol, string? certificateArn = null) =>
        Do(() => Spec = Spec with { Listeners = [.. Spec.Listeners, new ListenerSpec { Port = port, Protocol = protocol, CertificateArn = certificateArn }] });
}

public sealed class InstanceGroupBuilder(string name) : ObjectBuilder<InstanceGroupBuilder, InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(name)
{
    protected override InstanceGroupSpec Spec { get; set; } = TestObjects.InstanceGroupSpec();

    public InstanceGroupBuilder Sized(int min, int max, int? desired = null) =>
        Do(() => Spec = Spec with { MinSize = min, MaxSize = max, DesiredCapacity = desired });

    public InstanceGroupBuilder UsingRole(string iamRoleName) =>
        Do(() => Spec = Spec with { Template = Spec.Template with { IamRoleRef = new LocalObjectReference { Name = iamRoleName } } });

    public InstanceGroupBuilder BehindLoadBalancers(params string[] names) =>
        Do(() => Spec = Spec with { LoadBalancerRefs = names.Select(n => new LocalObjectReference { Name = n }).ToArray() });
}

public sealed class RolloutBuilder(string name) : ObjectBuilder<RolloutBuilder, Rollout, RolloutSpec, RolloutStatus>(name)
{
    protected override RolloutSpec Spec { get; set; } = new()
    {
        Template = TestObjects.InstanceGroupSpec(),
        Strategy = new RolloutStrategy { InPlace = new InPlaceStrategy { BatchSize = BatchSize.OneAtATime } },
    };

    public RolloutBuilder BlueGreen(string loadBalancerName) => Do(() => Spec = Spec with
    {
        LoadBalancerRef = new LocalObjectReference { Name = loadBalancerName },
        Strategy = new RolloutStrategy { Type = RolloutStrategyType.BlueGreen, BlueGreen = new BlueGreenStrategy() },
    });

    public RolloutBuilder WithImage(string imageId) =>
        Do(() => Spec = Spec with { Template = Spec.Template with { Template = Spec.Template.Template with { ImageId = imageId } } });
}

/// <summary>
/// The AWS emulator's default network for its default account (000000000000) in us-east-1: its ids are
/// derived from account and region, so they are the same on every machine (deploy/samples uses them too).
/// </summary>
public static class EmulatorNetwork
{
    public const string DefaultVpc = "vpc-a85b899e26616b50e";
    public const string SubnetA = "subnet-76586c58763985c40";
    public const string SubnetB = "subnet-0f4afe85bf46caecb";
    public const string DefaultSecurityGroup = "sg-cdcb4d68354979c3f";
}
