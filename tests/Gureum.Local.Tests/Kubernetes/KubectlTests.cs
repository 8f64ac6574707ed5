using System.Text.Json.Nodes;
using Gureum.Testing;
using k8s;
using Xunit;

namespace Gureum.Local.Tests.Kubernetes;

/// <summary>The real kubectl, in two versions, against the sandbox.</summary>
public sealed class KubectlTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly SandboxFixture _sandbox = new();

    private IKubernetes Client => _sandbox.Client;

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    public static TheoryData<string> Versions => new() { "1.32", "1.27" };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_then_get_shows_printer_columns_categories_and_yaml(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("w1", size: 4, color: "blue"), "apply", "-f", "-");

        var table = await OkAsync(kubectl, null, "get", "widgets");
        Assert.Matches(@"NAME\s+SIZE\s+COLOR", table);
        Assert.Matches(@"w1\s+4\s+blue", table);
        Assert.Contains("w1", await OkAsync(kubectl, null, "get", "gureum"), StringComparison.Ordinal);
        Assert.Contains("w1", await OkAsync(kubectl, null, "get", "wd"), StringComparison.Ordinal);

        var yaml = await OkAsync(kubectl, null, "get", "wd", "w1", "-o", "yaml");
        Assert.Contains("size: 4", yaml, StringComparison.Ordinal);
        Assert.Contains("uid: ", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Get_watch_prints_changes(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("watched"), "apply", "-f", "-");
        using var process = kubectl.Start(["get", "wd", "-w"]);
        try
        {
            using var cts = new CancellationTokenSource(Deadline);
            Assert.Matches(@"NAME\s+SIZE", await process.StandardOutput.ReadLineAsync(cts.Token));
            Assert.Matches(@"watched\s+2\s", await process.StandardOutput.ReadLineAsync(cts.Token));
            await Widgets.MergePatchAsync(Client, "watched", """{"spec":{"size":7}}""");
            Assert.Matches(@"watched\s+7\s", await process.StandardOutput.ReadLineAsync(cts.Token));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Describe_shows_events(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("described"), "apply", "-f", "-");
        var widget = await Widgets.GetAsync(Client, "described");
        await Client.CoreV1.CreateNamespacedEventAsync(new k8s.Models.Corev1Event
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "described.1" },
            InvolvedObject = new k8s.Models.V1ObjectReference
            {
                ApiVersion = Widgets.ApiVersion, Kind = "Widget", Name = "described", NamespaceProperty = "default",
                Uid = widget["metadata"]!["uid"]!.GetValue<string>(),
            },
            Reason = "Synced",
            Message = "widget is in shape",
            Type = "Normal",
            Source = new k8s.Models.V1EventSource { Component = "gureum" },
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
        }, "default");

        var description = await OkAsync(kubectl, null, "describe", "wd", "described");
        Assert.Matches(@"Normal\s+Synced\s+.*gureum\s+widget is in shape", description);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Patch_merge_changes_the_object(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("patched"), "apply", "-f", "-");
        await OkAsync(kubectl, null, "patch", "wd", "patched", "--type", "merge", "-p", """{"spec":{"color":"green"}}""");
        Assert.Equal("green", (await Widgets.GetAsync(Client, "patched"))["spec"]!["color"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Wait_for_condition_returns_when_status_says_so(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("waited"), "apply", "-f", "-");
        var wait = kubectl.RunAsync(["wait", "--for=condition=Ready", "wd/waited", "--timeout=30s"], null, CancellationToken.None);
        await Widgets.MergePatchStatusAsync(Client, "waited", """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Done","message":"ok"}]}}""");
        var result = await wait;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("condition met", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Delete_waits_for_the_last_finalizer(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("held"), "apply", "-f", "-");
        await Widgets.MergePatchAsync(Client, "held", """{"metadata":{"finalizers":["test.gureum.io/hold"]}}""");

        var delete = kubectl.RunAsync(["delete", "wd", "held", "--timeout=30s"], null, CancellationToken.None);
        using var cts = new CancellationTokenSource(Deadline);
        while ((await Widgets.GetAsync(Client, "held"))["metadata"]!["deletionTimestamp"] is null)
        {
            await Task.Delay(50, cts.Token);
        }
        Assert.False(delete.IsCompleted);
        await Widgets.MergePatchAsync(Client, "held", """{"metadata":{"finalizers":null}}""");

        var result = await delete;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Label_selectors_filter_get(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("web", labels: "{tier: web}"), "apply", "-f", "-");
        await OkAsync(kubectl, Widgets.Yaml("db", labels: "{tier: db}"), "apply", "-f", "-");
        var web = await OkAsync(kubectl, null, "get", "wd", "-l", "tier=web", "-o", "name");
        Assert.Equal("widget.test.gureum.io/web", web.Trim());
        var notWeb = await OkAsync(kubectl, null, "get", "wd", "-l", "tier notin (web)", "-o", "name");
        Assert.Equal("widget.test.gureum.io/db", notWeb.Trim());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Server_side_apply_creates_and_updates(string version)
    {
        var kubectl = await InstallAsync(version);
        Assert.Contains("serverside-applied", await OkAsync(kubectl, Widgets.Yaml("ssa", size: 3), "apply", "--server-side", "-f", "-"), StringComparison.Ordinal);
        await OkAsync(kubectl, Widgets.Yaml("ssa", size: 6), "apply", "--server-side", "-f", "-");
        var widget = await Widgets.GetAsync(Client, "ssa");
        Assert.Equal(6, widget["spec"]!["size"]!.GetValue<int>());
        Assert.Equal(2, Widgets.Generation(widget));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Apply_of_the_gureum_crds_serves_every_kind(string version)
    {
        var kubectl = _sandbox.Kubectl(version);
        var crds = Path.Combine(RepoRoot.Path, "crds");
        var applied = await OkAsync(kubectl, null, "apply", "-f", crds);
        var files = Directory.GetFiles(crds, "*.yaml");
        Assert.NotEmpty(files);
        Assert.Equal(files.Length, applied.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" created", StringComparison.Ordinal)));
        var resources = await OkAsync(kubectl, null, "api-resources", "--categories", "gureum", "-o", "name");
        Assert.Equal(files.Length, resources.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var established = await OkAsync(kubectl, null, "wait", "--for=condition=Established", "crd", "--all", "--timeout=30s");
        Assert.Contains("condition met", established, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Invalid_object_is_refused_naming_the_field_and_nothing_is_stored(string version)
    {
        var kubectl = await InstallAsync(version);
        var result = await kubectl.RunAsync(["apply", "-f", "-"], Widgets.Yaml("huge", size: 50), CancellationToken.None);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is invalid: spec.size: Invalid value: 50: spec.size in body should be less than or equal to 10", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Unknown_field_is_refused_by_strict_field_validation(string version)
    {
        var kubectl = await InstallAsync(version);
        var result = await kubectl.RunAsync(["create", "-f", "-"], Widgets.Yaml("odd", extraSpec: ", shape: round"), CancellationToken.None);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"spec.shape\"", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(await Widgets.NamesAsync(Client));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Defaults_from_the_schema_are_applied(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, "apiVersion: test.gureum.io/v1\nkind: Widget\nmetadata: {name: plain}\nspec: {color: red}\n", "apply", "-f", "-");
        Assert.Equal("3", (await OkAsync(kubectl, null, "get", "wd", "plain", "-o", "jsonpath={.spec.size}")).Trim());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Patch_json_changes_the_object(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("jp"), "apply", "-f", "-");
        await OkAsync(kubectl, null, "patch", "wd", "jp", "--type", "json", "-p", """[{"op":"replace","path":"/spec/size","value":9}]""");
        Assert.Equal(9, (await Widgets.GetAsync(Client, "jp"))["spec"]!["size"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Explain_shows_field_descriptions(string version)
    {
        var kubectl = await InstallAsync(version);
        var explained = await OkAsync(kubectl, null, "explain", "widgets.spec.size");
        Assert.Contains("How big the widget is.", explained, StringComparison.Ordinal);
        var top = await OkAsync(kubectl, null, "explain", "widget");
        Assert.Contains("A widget for tests.", top, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Server_side_apply_conflict_is_reported_and_force_takes_over(string version)
    {
        var kubectl = await InstallAsync(version);
        await OkAsync(kubectl, Widgets.Yaml("shared", size: 3), "apply", "--server-side", "--field-manager", "alice", "-f", "-");
        var conflict = await kubectl.RunAsync(["apply", "--server-side", "--field-manager", "bob", "-f", "-"], Widgets.Yaml("shared", size: 4), CancellationToken.None);
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("conflict with \"alice\"", conflict.StdErr, StringComparison.Ordinal);
        await OkAsync(kubectl, Widgets.Yaml("shared", size: 4), "apply", "--server-side", "--field-manager", "bob", "--force-conflicts", "-f", "-");
        Assert.Equal(4, (await Widgets.GetAsync(Client, "shared"))["spec"]!["size"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Imperative_create_of_builtin_kinds_works(string version)
    {
        var kubectl = _sandbox.Kubectl(version);
        await OkAsync(kubectl, null, "create", "namespace", "team-a");
        await OkAsync(kubectl, null, "create", "configmap", "settings", "-n", "team-a", "--from-literal=mode=fast");
        await OkAsync(kubectl, null, "create", "secret", "generic", "creds", "-n", "team-a", "--from-literal=token=abc");
        var configMap = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "team-a");
        Assert.Equal("fast", configMap.Data["mode"]);
        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("creds", "team-a");
        Assert.Equal("abc", System.Text.Encoding.UTF8.GetString(secret.Data["token"]));
        Assert.Matches(@"settings\s+1\s", await OkAsync(kubectl, null, "get", "configmaps", "-n", "team-a"));
        await OkAsync(kubectl, null, "delete", "namespace", "team-a");
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync("team-a")).Items);
    }

    private async Task<Kubectl> InstallAsync(string version)
    {
        var kubectl = _sandbox.Kubectl(version);
        await OkAsync(kubectl, Widgets.CrdYaml, "apply", "-f", "-");
        return kubectl;
    }

    private static async Task<string> OkAsync(Kubectl kubectl, string? stdin, params string[] args)
    {
        var result = await kubectl.RunAsync(args, stdin, CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"kubectl {kubectl.Version} {string.Join(' ', args)}: {result}");
        return result.StdOut;
    }
}
