using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Controllers.Common;
using Gureum.Controllers.DnsRecords;
using Gureum.Controllers.IamRoles;
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
    public static RuntimeKind DnsRecordKind { get; } = Runtime(DnsRecord.Definition);

    public static RuntimeKind LoadBalancerKind { get; } = Runtime(LoadBalancer.Definition);

    public static RuntimeKind IamRoleKind { get; } = Runtime(IamRole.Definition);

    public static RuntimeKind InstanceGroupKind { get; } = Runtime(InstanceGroup.Definition);

    public static RuntimeKind RolloutKind { get; } = Runtime(Rollout.Definition);

    /// <summary>The runtime's address of an API kind.</summary>
    public static RuntimeKind Runtime(KindDefinition kind) => new(kind.Group, kind.Version, kind.Plural, kind.Kind);

    /// <summary>
    /// Every kind, in one list: adding a kind is one line here (and its folder). Each entry adds its
    /// controller and returns the controller's name (null for a placeholder).
    /// </summary>
    private static readonly IReadOnlyList<Func<ControllerKit, string?>> Kinds =
    [
        IamRoleController.Add,
        kit => kit.NotImplemented<InstanceGroup, InstanceGroupSpec, InstanceGroupStatus>(InstanceGroupKind),
        kit => kit.NotImplemented<LoadBalancer, LoadBalancerSpec, LoadBalancerStatus>(LoadBalancerKind),
        DnsRecordController.Add,
        kit => kit.NotImplemented<Rollout, RolloutSpec, RolloutStatus>(RolloutKind),
    ];

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
        return [.. Kinds.Select(add => add(kit)).OfType<string>()];
    }
}
