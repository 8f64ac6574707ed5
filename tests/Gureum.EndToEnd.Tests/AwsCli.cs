using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Gureum.EndToEnd.Tests;

/// <summary>
/// The AWS CLI (a real client we did not write) against the emulator, configured only by the
/// aws.env file that <c>gureum local</c> writes, exactly as a user would source it.
/// </summary>
internal sealed class AwsCli(string envFile)
{
    public async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var line in await File.ReadAllLinesAsync(envFile))
            if (line.Split('=', 2) is [var name, var value])
                info.Environment[name] = value;
        info.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        info.Environment["AWS_PAGER"] = "";
        foreach (var arg in args.Append("--output").Append("json"))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("aws did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task<string> ZoneIdAsync(string zone)
    {
        var (exit, stdout, stderr) = await RunAsync("route53", "list-hosted-zones-by-name", "--dns-name", zone);
        if (exit != 0)
            throw new InvalidOperationException($"aws route53 list-hosted-zones-by-name failed: {stderr}");
        var id = JsonNode.Parse(stdout)!["HostedZones"]!.AsArray()
            .First(z => (string?)z!["Name"] == zone.TrimEnd('.') + ".")!["Id"]!.GetValue<string>();
        return id.Split('/').Last();
    }

    /// <summary>Every record set of the zone as "name type [setId] ttl values|alias".</summary>
    public async Task<IReadOnlyList<JsonNode>> RecordSetsAsync(string zoneId)
    {
        var (exit, stdout, stderr) = await RunAsync("route53", "list-resource-record-sets", "--hosted-zone-id", zoneId);
        if (exit != 0)
            throw new InvalidOperationException($"aws route53 list-resource-record-sets failed: {stderr}");
        return [.. JsonNode.Parse(stdout)!["ResourceRecordSets"]!.AsArray().Select(node => node!)];
    }

    public static IReadOnlyList<string> Values(JsonNode recordSet) =>
        [.. (recordSet["ResourceRecords"] as JsonArray ?? []).Select(r => (string)r!["Value"]!)];

    public Task<(int ExitCode, string StdOut, string StdErr)> UpsertAsync(string zoneId, string name, string type, long ttl, params string[] values)
    {
        var change = new JsonObject
        {
            ["Changes"] = new JsonArray(new JsonObject
            {
                ["Action"] = "UPSERT",
                ["ResourceRecordSet"] = new JsonObject
                {
                    ["Name"] = name,
                    ["Type"] = type,
                    ["TTL"] = ttl,
                    ["ResourceRecords"] = new JsonArray([.. values.Select(v => (JsonNode)new JsonObject { ["Value"] = v })]),
                },
            }),
        };
        return RunAsync("route53", "change-resource-record-sets", "--hosted-zone-id", zoneId, "--change-batch", change.ToJsonString());
    }
}
