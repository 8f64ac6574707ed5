using System.Net;
using System.Net.Sockets;
using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// What a user who forgot something sees: <c>gureum run</c> / <c>gureum local --aws-endpoint</c> stop at
/// start with one line saying what is missing and how to provide it, exit non-zero, no stack trace,
/// no secret. gureum runs with no AWS_* or KUBECONFIG from this process and an empty HOME.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private const string Secret = "do-not-print-this-secret-value";
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("gureum-e2e-startup-");
    private readonly int _closedPort = ClosedPort();

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Run_without_aws_credentials_says_how_to_provide_them()
    {
        var exit = await GureumExit.RunAsync(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" }, "run", "--kubeconfig", Kubeconfig(), "--metrics-port", "0");

        var line = AssertOneLineFailure(exit);
        Assert.Contains("No AWS credentials", line, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", line, StringComparison.Ordinal);
        Assert.Contains("AWS_PROFILE", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_without_a_region_says_how_to_set_one()
    {
        var exit = await GureumExit.RunAsync(Keys(), "run", "--kubeconfig", Kubeconfig(), "--metrics-port", "0");

        var line = AssertOneLineFailure(exit);
        Assert.Contains("No AWS region", line, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_against_an_unreachable_api_server_names_it_and_how_to_choose_another()
    {
        var environment = Keys();
        environment["AWS_REGION"] = "us-east-1";
        var exit = await GureumExit.RunAsync(environment, "run", "--kubeconfig", Kubeconfig(), "--metrics-port", "0");

        var line = AssertOneLineFailure(exit);
        Assert.Contains($"Cannot reach the Kubernetes API server at https://127.0.0.1:{_closedPort}", line, StringComparison.Ordinal);
        Assert.Contains("--kubeconfig", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_credentials_the_api_server_refuses_says_so()
    {
        await using var cluster = new SandboxFixture();
        await cluster.InitializeAsync();
        var environment = Keys();
        environment["AWS_REGION"] = "us-east-1";
        var exit = await GureumExit.RunAsync(environment, "run", "--kubeconfig", Kubeconfig(cluster.Server.SecureAddress, "not-the-token"), "--metrics-port", "0");

        var line = AssertOneLineFailure(exit);
        Assert.Contains($"The Kubernetes API server at {cluster.Server.SecureAddress.ToString().TrimEnd('/')}", line, StringComparison.Ordinal);
        Assert.Contains("401 Unauthorized", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_no_cluster_configuration_at_all_says_how_to_give_one()
    {
        var environment = Keys();
        environment["AWS_REGION"] = "us-east-1";
        var exit = await GureumExit.RunAsync(environment, "run", "--metrics-port", "0");

        var line = AssertOneLineFailure(exit);
        Assert.Contains("No Kubernetes cluster configuration", line, StringComparison.Ordinal);
        Assert.Contains("--kubeconfig", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_with_an_aws_endpoint_but_no_credentials_says_how_to_provide_them_and_writes_nothing()
    {
        var stateDir = Path.Combine(_scratch.FullName, "state");
        var exit = await GureumExit.RunAsync(new Dictionary<string, string>(), "local", "--state-dir", stateDir, "--aws-endpoint", $"http://127.0.0.1:{_closedPort}", "--live", "false");

        var line = AssertOneLineFailure(exit);
        Assert.Contains("No AWS credentials", line, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(stateDir), "the state folder was created");
    }

    private static string AssertOneLineFailure(GureumExit exit)
    {
        Assert.True(exit.ExitCode != 0, exit.ToString());
        var line = Assert.Single(exit.Lines);
        Assert.StartsWith("gureum: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", exit.StdErr.Replace(line, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, exit.Output, StringComparison.Ordinal);
        return line;
    }

    private static Dictionary<string, string> Keys() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLESTARTUP01",
        ["AWS_SECRET_ACCESS_KEY"] = Secret,
    };

    /// <summary>A kubeconfig naming an API server on a port nothing listens on.</summary>
    private string Kubeconfig() => Kubeconfig(new Uri($"https://127.0.0.1:{_closedPort}"), "t");

    private string Kubeconfig(Uri server, string token)
    {
        var path = Path.Combine(_scratch.FullName, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: {server.ToString().TrimEnd('/')}
                insecure-skip-tls-verify: true
            users:
            - name: gone
              user:
                token: {token}
            contexts:
            - name: gone
              context:
                cluster: gone
                user: gone
            current-context: gone

            """);
        return path;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
