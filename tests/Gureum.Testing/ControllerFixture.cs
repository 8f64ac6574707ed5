using System.Net;
using Gureum.Api.Crds;
using Gureum.Api.V1Alpha1;
using Gureum.Aws;
using Gureum.Aws.Route53;
using Gureum.Controllers;
using Gureum.Local.Aws;
using Gureum.Local.Kubernetes;
using Gureum.Runtime;
using Gureum.Runtime.Queue;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit;

namespace Gureum.Testing;

/// <summary>
/// Every controller over HTTP, for any kind: the sandbox API server with the generated CRDs, the
/// AWS emulator with zone example.com (simulated delays sped up), and the controllers in-process on
/// the runtime, as the host registers them.
/// </summary>
#pragma warning disable CA1001 // xunit disposes fixtures through IAsyncLifetime.DisposeAsync, which disposes _stop
public class ControllerFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    public const string ClusterId = "test-cluster";
    public const string Namespace = "default";

    private CancellationTokenSource _stop = null!;
    private Task? _running;
    private int _names;

    public SandboxApiServer Server { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;
    public AwsEmulator Emulator { get; private set; } = null!;
    public AwsClients Aws { get; private set; } = null!;
    public IRoute53Client Route53 => Aws.Route53;
    public string ZoneId { get; private set; } = "";
    public CollectingLoggerFactory Logs { get; } = new();

    protected virtual AwsEmulatorOptions EmulatorOptions() => new()
    {
        SeedHostedZones = ["example.com."],
        ClockSpeedUp = 20,
    };

    protected virtual GureumControllerOptions ControllerOptions() => new()
    {
        ClusterId = ClusterId,
        DriftInterval = TimeSpan.FromSeconds(2),
        Workers = 8,
        BatchWindow = TimeSpan.FromMilliseconds(100),
        LookupWindow = TimeSpan.FromMilliseconds(100),
        ZoneListingFreshness = TimeSpan.FromMilliseconds(300),
        ChangePollInterval = TimeSpan.FromMilliseconds(200),
    };

    public string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    public async Task InitializeAsync()
    {
        _stop = new CancellationTokenSource();
        Server = await SandboxApiServer.StartAsync(new SandboxApiServerOptions(), CancellationToken.None);
        Client = new Kubernetes(new KubernetesClientConfiguration { Host = Server.BaseAddress.ToString(), AccessToken = Server.Token });
        foreach (var kind in GureumKinds.All)
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(
                KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdGenerator.BuildCrd(kind).ToJsonString()));
        await Eventually.True(async () =>
        {
            try
            {
                await Client.CustomObjects.ListNamespacedCustomObjectAsync("gureum.dev", "v1alpha1", Namespace, "dnsrecords");
                await Client.CustomObjects.ListNamespacedCustomObjectAsync("gureum.dev", "v1alpha1", Namespace, "loadbalancers");
                return true;
            }
            catch (HttpOperationException)
            {
                return false;
            }
        }, "the CRDs are served");

        Emulator = await AwsEmulator.StartAsync(EmulatorOptions(), CancellationToken.None);
        Aws = AwsClients.Create(
            AwsSettings.ForEndpoint(Emulator.Endpoint, Emulator.Region, Emulator.AccessKeyId, Emulator.SecretAccessKey) with
            {
                Retry = Gureum.Aws.Pipeline.AwsRetryOptions.Default with { MaxAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(500) },
            },
            TimeProvider.System);
        ZoneId = (await Route53.FindHostedZonesAsync("example.com.", CancellationToken.None)).Single().Id;

        var manager = new ControllerManager(Client, new ControllerManagerOptions { Namespace = Namespace, ShutdownTimeout = TimeSpan.FromSeconds(5) }, Logs);
        GureumControllers.AddTo(manager, Client, Aws, ControllerOptions(), Logs);
        _running = manager.RunAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Shutdown is the runtime's concern and tested there; do not hide a test's result behind it.
            }
        }
        Aws.Dispose();
        await Emulator.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
        _stop.Dispose();
    }

    private static KindDefinition KindOf<T>() => GureumKinds.All.Single(kind => kind.ResourceType == typeof(T));

    public async Task<IReadOnlyList<Corev1Event>> EventsOfAsync(string name) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject.Name == name).ToList();

    public async Task<T> CreateAsync<T>(T resource)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        resource.Metadata.Uid = null;
        resource.Metadata.Generation = null;
        resource.Metadata.CreationTimestamp = null;
        resource.Metadata.NamespaceProperty = Namespace;
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<T>(resource, "gureum.dev", "v1alpha1", Namespace, KindOf<T>().Plural);
    }

    public async Task<T?> GetAsync<T>(string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<T>("gureum.dev", "v1alpha1", Namespace, KindOf<T>().Plural, name);
        }
        catch (HttpOperationException missing) when (missing.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync<T>(string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync("gureum.dev", "v1alpha1", Namespace, KindOf<T>().Plural, name);

    public Task<T> PatchAsync<T>(string name, string mergePatch)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync<T>(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), "gureum.dev", "v1alpha1", Namespace, KindOf<T>().Plural, name);

    public static Condition? ConditionOf<TSpec, TStatus>(GureumResource<TSpec, TStatus>? resource, string type)
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus =>
        resource?.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Waits until the object has the condition, computed for its current generation.</summary>
    public async Task<T> WaitForAsync<T, TSpec, TStatus>(string name, string type, ConditionStatus status, string? reason = null, TimeSpan? deadline = null)
        where T : GureumResource<TSpec, TStatus>
        where TSpec : ManagedSpec
        where TStatus : ResourceStatus =>
        (await Eventually.Value(() => GetAsync<T>(name),
            r => ConditionOf(r, type) is { } condition && condition.Status == status && (reason is null || condition.Reason == reason)
                && r!.Status!.ObservedGeneration == r.Metadata.Generation,
            $"{name} has {type}={status} {reason}", deadline,
            r => (r is null ? "absent" : (r.Status is null ? "no status" : KubernetesJson.Serialize(r.Status)) + " generation " + r.Metadata.Generation)
                + Environment.NewLine + Logs.Tail()))!;
}
