using Gureum.Api.V1Alpha1;
using Xunit;

namespace Gureum.Runtime.Tests;

public sealed class ResourceKindTests
{
    [Fact]
    public void The_API_description_of_a_kind_converts_to_the_runtime_kind()
    {
        Runtime.ResourceKind kind = DnsRecord.Definition;

        Assert.Equal(new Runtime.ResourceKind("gureum.dev", "v1alpha1", "dnsrecords", "DnsRecord"), kind);
        Assert.Equal("gureum.dev/v1alpha1", kind.ApiVersion);
    }
}
