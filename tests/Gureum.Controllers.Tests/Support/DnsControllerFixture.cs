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

using Gureum.Testing;

namespace Gureum.Controllers.Tests.Support;

/// <summary>The controller fixture with DnsRecord and Route53 helpers.</summary>
public class DnsControllerFixture : ControllerFixture
{
    public Task<DnsRecord> CreateAsync(DnsRecord record) => CreateAsync<DnsRecord>(record);

    public Task<DnsRecord?> GetAsync(string name) => GetAsync<DnsRecord>(name);

    public Task DeleteAsync(string name) => DeleteAsync<DnsRecord>(name);

    public Task<DnsRecord> PatchAsync(string name, string mergePatch) => PatchAsync<DnsRecord>(name, mergePatch);

    public static Condition? ConditionOf(DnsRecord? record, string type) => ConditionOf<DnsRecordSpec, DnsRecordStatus>(record, type);

    public Task<DnsRecord> WaitForAsync(string name, string type, ConditionStatus status, string? reason = null, TimeSpan? deadline = null) =>
        WaitForAsync<DnsRecord, DnsRecordSpec, DnsRecordStatus>(name, type, status, reason, deadline);

    public Task<DnsRecord> WaitReadyAsync(string name, TimeSpan? deadline = null) =>
        WaitForAsync(name, "Ready", ConditionStatus.True, null, deadline);

    public async Task<IReadOnlyList<ResourceRecordSet>> RecordSetsAsync() =>
        await Route53.ListAllResourceRecordSetsAsync(ZoneId, CancellationToken.None);

    public async Task<ResourceRecordSet?> FindAsync(string fqdn, string type, string? setIdentifier = null) =>
        (await RecordSetsAsync()).FirstOrDefault(set => set.Name == fqdn && set.Type == type && set.SetIdentifier == setIdentifier);

    public Task ChangeOutOfBandAsync(params RecordChange[] changes) =>
        Route53.ChangeResourceRecordSetsAsync(ZoneId, changes, "out of band", CancellationToken.None);

}

/// <summary>A fixture whose objects are rarely resynced, for counting requests.</summary>
public sealed class QuietDnsControllerFixture : DnsControllerFixture
{
    protected override GureumControllerOptions ControllerOptions() => base.ControllerOptions() with { DriftInterval = TimeSpan.FromMinutes(10) };
}
