using Gureum.Aws;
using Gureum.Controllers;
using Gureum.Runtime;
using Microsoft.Extensions.Logging;

namespace Gureum.Operator.Hosting;

/// <summary>What the controllers get from the host.</summary>
internal sealed record ControllerContext(
    string ClusterId,
    TimeSpan DriftInterval,
    int Workers,
    AwsClients Aws,
    k8s.IKubernetes Kubernetes,
    TimeProvider Time,
    ILoggerFactory Loggers)
{
    public bool AllowWildcardTrust { get; init; }
}

/// <summary>The one place that hands Gureum.Controllers' controllers to the runtime.</summary>
internal static class ControllerRegistration
{
    /// <summary>Names of the registered controllers, for the start-up message.</summary>
    public static IReadOnlyList<string> Register(ControllerManager manager, ControllerContext context)
    {
        return GureumControllers.AddTo(
            manager,
            context.Kubernetes,
            context.Aws,
            new GureumControllerOptions
            {
                ClusterId = context.ClusterId,
                DriftInterval = context.DriftInterval,
                Workers = context.Workers,
                AllowWildcardTrust = context.AllowWildcardTrust,
            },
            context.Loggers,
            context.Time);
    }
}
