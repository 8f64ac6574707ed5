using k8s;
using k8s.Autorest;
using k8s.Exceptions;

namespace Gureum.Operator.Hosting;

/// <summary>The Kubernetes cluster at start-up: its configuration and one request to prove it answers, with failures in one line.</summary>
internal static class ClusterConnection
{
    /// <summary>A cluster that does not answer within this is as good as unreachable for a start-up check.</summary>
    public static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(15);

    private const string HowToChoose = "pass --kubeconfig, set KUBECONFIG, fix the current context of ~/.kube/config, or run in a pod with a service account";

    public static KubernetesClientConfiguration Load(string? kubeconfig)
    {
        // Without any of them the client quietly falls back to http://localhost:8080, which helps nobody.
        if (kubeconfig is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG"))
            && !File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation) && !KubernetesClientConfiguration.IsInCluster())
            throw new StartupException($"No Kubernetes cluster configuration (no --kubeconfig, no KUBECONFIG, no {KubernetesClientConfiguration.KubeConfigDefaultLocation}, not in a pod): {HowToChoose}.");
        try
        {
            return kubeconfig is { } path
                ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception exception) when (exception is KubeConfigException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StartupException($"No Kubernetes cluster configuration ({OneLine(exception.Message)}): {HowToChoose}.", exception);
        }
    }

    /// <summary>Asks the API server for its version (every authenticated client may), then the cluster id.</summary>
    public static async Task<string> IdentifyAsync(KubernetesClientConfiguration configuration, string? clusterId, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = new Kubernetes(configuration);
        using var timeout = new CancellationTokenSource(ReachTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.Version.GetCodeAsync(bounded.Token);
            return await ClusterIdentity.ResolveAsync(client, clusterId, bounded.Token);
        }
        catch (HttpRequestException exception)
        {
            throw new StartupException(
                $"Cannot reach the Kubernetes API server at {configuration.Host} ({OneLine(exception.Message)}): is the cluster up? Otherwise {HowToChoose}.", exception);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StartupException(
                $"The Kubernetes API server at {configuration.Host} did not answer within {ReachTimeout.TotalSeconds:0} s: is the cluster up? Otherwise {HowToChoose}.", exception);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode is System.Net.HttpStatusCode.Unauthorized)
        {
            throw new StartupException(
                $"The Kubernetes API server at {configuration.Host} refused the kubeconfig's credentials (401 Unauthorized): renew them, or {HowToChoose}.", exception);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode is System.Net.HttpStatusCode.Forbidden)
        {
            throw new StartupException(
                $"The Kubernetes API server at {configuration.Host} forbids reading namespace kube-system (403), whose uid is the default cluster id: " +
                "grant get on it (deploy/base/rbac.yaml does), or pass --cluster-id.", exception);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
