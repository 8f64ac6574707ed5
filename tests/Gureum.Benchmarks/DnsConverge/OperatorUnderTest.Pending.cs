using Gureum.Aws.Route53;
using Gureum.Runtime;
using k8s;

namespace Gureum.Benchmarks.DnsConverge;

/// <summary>Stand-in compiled while Gureum.Controllers has no GureumControllers entry point yet.</summary>
internal static class OperatorUnderTest
{
    public static bool Available => false;

    public static void Register(ControllerManager manager, IKubernetes client, IRoute53Client route53, int workers) =>
        throw new InvalidOperationException("The DnsRecord controller (Gureum.Controllers.GureumControllers) is not in this build yet.");
}
