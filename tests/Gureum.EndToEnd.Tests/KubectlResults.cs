using Gureum.Testing;
using Xunit;

namespace Gureum.EndToEnd.Tests;

internal static class KubectlResults
{
    public static async Task<string> OkAsync(this Task<KubectlResult> run)
    {
        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut;
    }

    public static Task<KubectlResult> ApplyAsync(this Kubectl kubectl, string yaml, params string[] extra) =>
        kubectl.RunAsync(["apply", "-f", "-", .. extra], yaml, CancellationToken.None);

    public static string DnsRecord(string name, string recordName, string type, string values, string extraSpec = "", string labels = "") => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: DnsRecord
        metadata:
          name: {name}
        {(labels.Length > 0 ? "  labels:\n    " + labels : "")}
        spec:
          zone:
            name: example.com
          name: {recordName}
          type: {type}
          ttl: 60
          values: {values}
        {extraSpec}
        """;
}
