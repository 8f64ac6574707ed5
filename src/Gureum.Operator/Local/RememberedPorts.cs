using System.Net;
using System.Net.Sockets;

namespace Gureum.Operator.Local;

/// <summary>
/// Port 0 means "a free port", and for a state folder used before, "the same one as last time if
/// it is still free": the kubeconfig and aws.env then keep their addresses across restarts, so
/// shells and tools pointed at them keep working.
/// </summary>
internal static class RememberedPorts
{
    /// <summary>Pure: the port asked for, else the remembered one when <paramref name="isFree"/> says so, else 0 (any).</summary>
    public static int Choose(int requested, Uri? remembered, Func<int, bool> isFree)
    {
        if (requested != 0)
            return requested;
        return remembered is { Port: > 0 } && isFree(remembered.Port) ? remembered.Port : 0;
    }

    /// <summary>Whether nothing listens on 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsFreeOnLoopback(int port)
    {
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            probe.Stop();
        }
    }
}
