using Gureum.Api;
using Gureum.Api.V1Alpha1;
using Gureum.Runtime.Cache;
using Gureum.Testing;
using k8s;
using k8s.Models;
using Xunit;

namespace Gureum.Runtime.Tests;

/// <summary>The README's declaration (DnsRecords woken by the LoadBalancer they alias) compiles and maps as it says.</summary>
public sealed class ReadmeExampleTests
{
    private static readonly ResourceKind DnsRecords = new("gureum.dev", "v1alpha1", "dnsrecords", "DnsRecord");
    private static readonly ResourceKind LoadBalancers = new("gureum.dev", "v1alpha1", "loadbalancers", "LoadBalancer");

    private sealed class NoopReconciler : IReconciler<DnsRecord>
    {
        public Task<ReconcileResult> ReconcileAsync(DnsRecord resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);

        public Task<ReconcileResult> CleanupAsync(DnsRecord resource, CancellationToken cancellationToken) =>
            Task.FromResult(ReconcileResult.Done);
    }

    private static ControllerDefinition<DnsRecord> Definition() =>
        new("dnsrecord", DnsRecords, new NoopReconciler())
        {
            Finalizer = GureumApi.Finalizer,
            Workers = 4,
            ResyncPeriod = TimeSpan.FromMinutes(10),
            Indexes = new Dictionary<string, Func<DnsRecord, IEnumerable<string>>>
            {
                ["loadBalancer"] = r => r.Spec.Alias?.LoadBalancerRef is { } lb ? [Watch.IndexKey(r.Namespace(), lb.Name)] : [],
            },
            Watches =
            [
                Watch.Related<DnsRecord, LoadBalancer>(LoadBalancers, (lb, records) =>
                    records.ByIndex("loadBalancer", Watch.IndexKey(lb.Namespace(), lb.Name())).Select(ObjectKey.Of)),
            ],
        };

    private static T InNamespace<T>(T resource, string ns)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        resource.Metadata.NamespaceProperty = ns;
        return resource;
    }

    [Fact]
    public void A_LoadBalancer_change_maps_to_the_records_that_alias_it_in_its_namespace()
    {
        var definition = Definition();
        var records = new ResourceCache<DnsRecord>();
        foreach (var (name, index) in definition.Indexes)
            records.AddIndex(name, index);
        records.Upsert(InNamespace(TestObjects.DnsRecord("www").AliasTo("web").Build(), "shop"));
        records.Upsert(InNamespace(TestObjects.DnsRecord("api").AliasTo("other").Build(), "shop"));
        records.Upsert(InNamespace(TestObjects.DnsRecord("www").AliasTo("web").Build(), "elsewhere"));
        var loadBalancer = InNamespace(TestObjects.LoadBalancer("web").Build(), "shop");

        var watch = Assert.IsType<WatchDefinition<DnsRecord, LoadBalancer>>(Assert.Single(definition.Watches));
        var keys = watch.Mapper(loadBalancer, records).ToList();

        Assert.Equal([new ObjectKey("shop", "www")], keys);
    }

    [Fact]
    public void The_definition_registers_with_a_manager()
    {
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" });
        var manager = new ControllerManager(client);
        manager.GetCache<LoadBalancer>(LoadBalancers);

        manager.Add(Definition());

        Assert.Throws<InvalidOperationException>(() => manager.Add(Definition()));
    }
}
