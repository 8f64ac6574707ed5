using Gureum.Aws.Route53;
using Gureum.Controllers;
using Gureum.Runtime;
using k8s;

namespace Gureum.Benchmarks.DnsConverge;

/// <summary>The operator's controllers as the host registers them (GureumControllers.AddTo).</summary>
internal static class OperatorUnderTest
{
    public static void Register(ControllerManager manager, IKubernetes client, IRoute53Client route53, int workers) =>
        GureumControllers.AddTo(manager, client, route53, new GureumControllerOptions { ClusterId = "benchmark", Workers = workers },
            loggerFactory: null, timeProvider: TimeProvider.System);
}
