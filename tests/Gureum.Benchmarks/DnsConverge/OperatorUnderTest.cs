using Gureum.Aws;
using Gureum.Controllers;
using Gureum.Runtime;
using k8s;

namespace Gureum.Benchmarks.DnsConverge;

/// <summary>The operator's controllers as the host registers them (GureumControllers.AddTo).</summary>
internal static class OperatorUnderTest
{
    public static void Register(ControllerManager manager, IKubernetes client, AwsClients aws, int workers) =>
        GureumControllers.AddTo(manager, client, aws, new GureumControllerOptions { ClusterId = "benchmark", Workers = workers },
            loggerFactory: null, timeProvider: TimeProvider.System);
}
