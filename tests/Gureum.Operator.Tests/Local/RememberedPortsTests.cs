using System.Net;
using System.Net.Sockets;
using Gureum.Operator.Local;
using Xunit;

namespace Gureum.Operator.Tests.Local;

public sealed class RememberedPortsTests
{
    private static readonly Uri Remembered = new("https://127.0.0.1:40123/");

    [Theory]
    [InlineData(6443, true, 6443)]   // an explicit port always wins
    [InlineData(0, true, 40123)]     // 0: last time's port when it is free
    [InlineData(0, false, 0)]        // ... else any free one
    public void Chooses(int requested, bool rememberedIsFree, int expected) =>
        Assert.Equal(expected, RememberedPorts.Choose(requested, Remembered, _ => rememberedIsFree));

    [Fact]
    public void Nothing_remembered_means_any_port() => Assert.Equal(0, RememberedPorts.Choose(0, null, _ => true));

    [Fact]
    public void A_listening_port_is_not_free_and_a_closed_one_is()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Assert.False(RememberedPorts.IsFreeOnLoopback(port));
        listener.Stop();
        Assert.True(RememberedPorts.IsFreeOnLoopback(port));
    }
}
