using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Controllers.Common;
using Gureum.Controllers.DnsRecords;
using Gureum.Controllers.IamRoles;
using Gureum.Controllers.InstanceGroups;
using Gureum.Controllers.LoadBalancers;
using Gureum.Controllers.Rollouts;
using Gureum.Runtime;
using Gureum.Runtime.Events;
using Gureum.Runtime.Status;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RuntimeKind = Gureum.Runtime.ResourceKind;

namespace Gureum.Controllers;

/// <summary>The host's one entry point: registers Gureum's controllers on a ControllerManager.</summary>
public static class GureumControllers
{
    public static RuntimeKind DnsRecordKind { get; } = Runtime(DnsRecord.Definition);

    public static RuntimeKind LoadBalancerKind { get; } = Runtime(LoadBalancer.Definition);

    public static RuntimeKind IamRoleKind { get; } = Runtime(IamRole.Definition);

    public static RuntimeKind InstanceGroupKind { get; } = Runtime(InstanceGroup.Definition);

    public static RuntimeKind RolloutKind { get; } = Runtime(Rollout.Definition);

    /// <summary>The runtime's address of an API kind.</summary>
    public static RuntimeKind Runtime(KindDefinition kind) => new(kind.Group, kind.Version, kind.Plural, kind.Kind);

    /// <summary>One kind as the operator knows it: its API definition, its shared cache and how its controller is added.</summary>
    private sealed record KindEntry(KindDefinition Definition, Func<ControllerManager, CachedKind> Cache, Func<ControllerKit, string?> Add);

    private static KindEntry Entry<T>(KindDefinition definition, Func<ControllerKit, string?> add)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new(definition, manager =>
        {
            var cache = manager.GetCache<T>(Runtime(definition));
            return new CachedKind(definition, () => cache.HasSynced, () => cache.List());
        }, add);

    /// <summary>
    /// Every kind, in one list: adding a kind is one line here (and its folder). Each entry adds its
    /// controller and returns the controller's name (null for a placeholder); the host's caches
    /// (readiness, the live view) come from the same list.
    /// </summary>
    private static readonly IReadOnlyList<KindEntry> Kinds =
    [
        Entry<IamRole>(IamRole.Definition, IamRoleController.Add),
        Entry<InstanceGroup>(InstanceGroup.Definition, InstanceGroupController.Add),
        Entry<LoadBalancer>(LoadBalancer.Definition, LoadBalancerController.Add),
        Entry<DnsRecord>(DnsRecord.Definition, DnsRecordController.Add),
        Entry<Rollout>(Rollout.Definition, RolloutController.Add),
    ];

    /// <summary>The shared cache of every kind (also without a controller): what the host's readiness and live view read.</summary>
    public static IReadOnlyList<CachedKind> Caches(ControllerManager manager) => [.. Kinds.Select(kind => kind.Cache(manager))];

    /// <summary>Adds every controller to <paramref name="manager"/> (before it runs); returns their names.</summary>
    public static IReadOnlyList<string> AddTo(
        ControllerManager manager,
        IKubernetes client,
        AwsClients aws,
        GureumControllerOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        var kit = new ControllerKit(
            manager, client, aws, options,
            new ResourceEvents(new EventRecorder(client, time, loggers.CreateLogger<EventRecorder>())),
            new StatusWriter(client),
            new OperatorIdentity(options.ClusterId),
            time,
            loggers);
        return [.. Kinds.Select(kind => kind.Add(kit)).OfType<string>()];
    }
}

/// <summary>A kind's shared cache seen without its type: whether it has synced, and its objects.</summary>
public sealed record CachedKind(KindDefinition Definition, Func<bool> HasSynced, Func<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> List);
