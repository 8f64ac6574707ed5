using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Aws.Route53;
using Gureum.Controllers.Common;
using Gureum.Controllers.DnsRecords;
using Gureum.Runtime;
using Gureum.Runtime.Events;
using Gureum.Runtime.Status;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers;

/// <summary>The host's one entry point: registers Gureum's controllers on a ControllerManager.</summary>
public static class GureumControllers
{
    public const string DnsRecordControllerName = "dnsrecord";
    public const string LoadBalancerRefIndex = "spec.alias.loadBalancerRef";

    public static RuntimeKind DnsRecordKind { get; } = Runtime(DnsRecord.Definition);

    public static RuntimeKind LoadBalancerKind { get; } = Runtime(LoadBalancer.Definition);

    public static RuntimeKind IamRoleKind { get; } = Runtime(IamRole.Definition);

    public static RuntimeKind InstanceGroupKind { get; } = Runtime(InstanceGroup.Definition);

    public static RuntimeKind RolloutKind { get; } = Runtime(Rollout.Definition);

    /// <summary>The runtime's address of an API kind.</summary>
    public static RuntimeKind Runtime(KindDefinition kind) => new(kind.Group, kind.Version, kind.Plural, kind.Kind);

    /// <summary>Adds every controller to <paramref name="manager"/> (before it runs); returns their names.</summary>
    public static IReadOnlyList<string> AddTo(
        ControllerManager manager,
        IKubernetes client,
        IRoute53Client route53,
        GureumControllerOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var events = new ResourceEvents(new EventRecorder(client, time, loggers.CreateLogger<EventRecorder>()));
        var statusWriter = new StatusWriter(client);
        var timing = new ManagedTiming(options.ChangePollInterval, options.DriftInterval);
        var identity = new OperatorIdentity(options.ClusterId);

        var tracker = new ChangeTracker(route53, time, options.ChangePollInterval / 2);
        var dnsKind = new DnsRecordKind(
            new HostedZones(route53, time, ListingFreshness(options), options.BatchWindow, tracker),
            tracker,
            manager.GetCache<LoadBalancer>(LoadBalancerKind),
            identity,
            options);
        var dnsRecords = new ManagedReconciler<DnsRecord, DnsRecordSpec, DnsRecordStatus, DnsState>(
            dnsKind, DnsRecordKind, new OperationTracker(), statusWriter, events, timing, time);
        manager.Add(new ControllerDefinition<DnsRecord>(DnsRecordControllerName, DnsRecordKind, dnsRecords)
        {
            Finalizer = GureumApi.Finalizer,
            Workers = options.Workers,
            ResyncPeriod = options.DriftInterval,
            ErrorClassifier = AwsErrors.Classifier,
        }.WithReferences(new ReferenceField<DnsRecord, LoadBalancer>(LoadBalancerRefIndex, LoadBalancerKind, record => [record.Spec?.Alias?.LoadBalancerRef])));

        return
        [
            DnsRecordControllerName,
            NotImplemented<IamRole, IamRoleSpec, IamRoleStatus>(manager, IamRoleKind, statusWriter, time),
            NotImplemented<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(manager, LoadBalancerKind, statusWriter, time),
            NotImplemented<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(manager, InstanceGroupKind, statusWriter, time),
            NotImplemented<Rollout, RolloutSpec, RolloutStatus>(manager, RolloutKind, statusWriter, time),
        ];
    }

    private static string NotImplemented<TResource, TSpec, TStatus>(ControllerManager manager, RuntimeKind kind, StatusWriter statusWriter, TimeProvider time)
        where TResource : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus, new()
    {
        var name = kind.Kind.ToLowerInvariant() + "-placeholder";
        manager.Add(new ControllerDefinition<TResource>(name, kind, new NotImplementedReconciler<TResource, TSpec, TStatus>(kind, statusWriter, time))
        {
            Workers = 1,
            ResyncPeriod = null,
        });
        return name;
    }

    private static TimeSpan ListingFreshness(GureumControllerOptions options) =>
        options.ZoneListingFreshness < options.DriftInterval / 4 ? options.ZoneListingFreshness : options.DriftInterval / 4;
}
