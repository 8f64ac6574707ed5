using Gureum.Aws;
using Gureum.Controllers;
using Gureum.Runtime;
using k8s;

namespace Gureum.Benchmarks.DnsConverge;

/// <summary>The operator's controllers as the host registers them (GureumControllers.AddTo).</summary>
internal static class OperatorUnderTest
{
    public static void Register(ControllerManager manager, IKubernetes client, AwsClients aws, int workers, TimeSpan? driftInterval = null)
    {
        var options = new GureumControllerOptions { ClusterId = "benchmark", Workers = workers };
        GureumControllers.AddTo(manager, client, aws, driftInterval is { } drift ? options with { DriftInterval = drift } : options,
            loggerFactory: null, timeProvider: TimeProvider.System);
    }
}
