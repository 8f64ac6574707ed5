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

    public static RuntimeKind DnsRecordKind => DnsRecordReconciler.Kind;

    public static RuntimeKind LoadBalancerKind { get; } =
        new(GureumApi.Group, GureumApi.Version, LoadBalancer.Definition.Plural, LoadBalancer.KindName);

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
        var tracker = new ChangeTracker(route53, time, options.ChangePollInterval / 2);
        var reconciler = new DnsRecordReconciler(
            new HostedZones(route53, time, ListingFreshness(options), options.BatchWindow, tracker),
            tracker,
            new InFlightChanges(),
            manager.GetCache<LoadBalancer>(LoadBalancerKind),
            new StatusWriter(client),
            events,
            new OperatorIdentity(options.ClusterId),
            options,
            time,
            loggers.CreateLogger<DnsRecordReconciler>());
        manager.Add(new ControllerDefinition<DnsRecord>(DnsRecordControllerName, DnsRecordKind, reconciler)
        {
            Finalizer = GureumApi.Finalizer,
            Workers = options.Workers,
            ResyncPeriod = options.DriftInterval,
            ErrorClassifier = AwsErrors.Classifier,
            Indexes = new Dictionary<string, Func<DnsRecord, IEnumerable<string>>>
            {
                [LoadBalancerRefIndex] = record => record.Spec?.Alias?.LoadBalancerRef is { } reference
                    ? [Watch.IndexKey(record.Metadata.NamespaceProperty, reference.Name)]
                    : [],
            },
            Watches =
            [
                Watch.Related<DnsRecord, LoadBalancer>(LoadBalancerKind, (balancer, records) =>
                    records.ByIndex(LoadBalancerRefIndex, Watch.IndexKey(balancer.Metadata.NamespaceProperty, balancer.Metadata.Name))
                        .Select(ObjectKey.Of)),
            ],
        });
        return [DnsRecordControllerName];
    }

    private static TimeSpan ListingFreshness(GureumControllerOptions options) =>
        options.ZoneListingFreshness < options.DriftInterval / 4 ? options.ZoneListingFreshness : options.DriftInterval / 4;
}
