using Gureum.Testing;
using System.CommandLine;
using Gureum.Operator.Cli;
using Xunit;

namespace Gureum.Operator.Tests.Cli;

public sealed class CommandLineTests
{
    private sealed class Recorder
    {
        public CrdsOptions? Crds { get; private set; }
        public LocalOptions? Local { get; private set; }
        public RunOptions? Run { get; private set; }
        public StringWriter Output { get; } = new();
        public StringWriter Error { get; } = new();

        public async Task<int> InvokeAsync(params string[] args)
        {
            var root = GureumCommandLine.Build(new CommandHandlers(
                (options, _) => { Crds = options; return Task.FromResult(0); },
                (options, _) => { Local = options; return Task.FromResult(0); },
                (options, _) => { Run = options; return Task.FromResult(0); }));
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = Output, Error = Error });
        }
    }

    [Fact]
    public async Task Local_defaults()
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync("local"));
        var local = Assert.IsType<LocalOptions>(recorder.Local);
        Assert.Equal(".gureum", local.StateDir);
        Assert.Equal(0, local.Port);
        Assert.Null(local.AwsEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(60), local.Host.DriftInterval);
        Assert.Equal(AwsFaultMode.Throttle, local.AwsFaults);
        Assert.Equal(1.0, local.ClockSpeedup);
        Assert.Null(local.LiveView);
        Assert.True(local.Host.MetricsLoopbackOnly);
        Assert.False(local.Host.LeaderElect);
        Assert.Equal(["example.com"], local.SeededZones);
    }

    [Fact]
    public async Task Local_flags_map_to_options()
    {
        var recorder = new Recorder();
        var exit = await recorder.InvokeAsync(
            "local", "--state-dir", "/tmp/x", "--port", "6443", "--aws-port", "4566", "--zone", "corp.internal",
            "--zone", "example.org.", "--zone", "example.com.", "--drift-interval", "1m30s", "--clock-speedup", "10",
            "--aws-faults", "chaos", "--metrics-port", "9090", "--workers", "4", "--cluster-id", "dev", "--live", "false");
        Assert.Equal(0, exit);
        var local = recorder.Local!;
        Assert.Equal("/tmp/x", local.StateDir);
        Assert.Equal(6443, local.Port);
        Assert.Equal(4566, local.AwsPort);
        Assert.Equal(["example.com", "corp.internal", "example.org"], local.SeededZones);
        Assert.Equal(TimeSpan.FromSeconds(90), local.Host.DriftInterval);
        Assert.Equal(10.0, local.ClockSpeedup);
        Assert.Equal(AwsFaultMode.Chaos, local.AwsFaults);
        Assert.Equal(9090, local.Host.MetricsPort);
        Assert.Equal(4, local.Host.Workers);
        Assert.Equal("dev", local.Host.ClusterId);
        Assert.False(local.LiveView);
    }

    [Theory]
    [InlineData("local", new string[0], false)]
    [InlineData("local", new[] { "--allow-wildcard-trust" }, true)]
    [InlineData("run", new string[0], false)]
    [InlineData("run", new[] { "--allow-wildcard-trust" }, true)]
    public async Task Wildcard_trust_policies_are_refused_unless_allowed(string command, string[] flags, bool allowed)
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync([command, .. flags]));
        Assert.Equal(allowed, (recorder.Local?.Host ?? recorder.Run!.Host).AllowWildcardTrust);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--operator", "false" }, false)]
    [InlineData(new[] { "--operator=false" }, false)]
    [InlineData(new[] { "--operator" }, true)]
    public async Task Local_runs_its_operator_unless_told_not_to(string[] flags, bool runs)
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync(["local", .. flags]));
        Assert.Equal(runs, recorder.Local!.Host.RunControllers);
    }

    [Fact]
    public async Task Local_takes_an_external_aws_endpoint()
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync("local", "--aws-endpoint", "http://localhost:4566"));
        Assert.Equal(new Uri("http://localhost:4566"), recorder.Local!.AwsEndpoint);
    }

    [Fact]
    public async Task Run_accepts_the_flags_the_deployment_and_chart_pass()
    {
        var recorder = new Recorder();
        var exit = await recorder.InvokeAsync(
            "run", "--leader-elect", "--lease-namespace", "gureum-system", "--metrics-port", "8080", "--drift-interval", "60s",
            "--cluster-id", "prod-1");
        Assert.Equal(0, exit);
        var run = recorder.Run!;
        Assert.True(run.Host.LeaderElect);
        Assert.Equal("gureum-system", run.Host.LeaseNamespace);
        Assert.Equal(8080, run.Host.MetricsPort);
        Assert.False(run.Host.MetricsLoopbackOnly);
        Assert.Equal(TimeSpan.FromSeconds(60), run.Host.DriftInterval);
        Assert.Equal("prod-1", run.Host.ClusterId);
        Assert.Null(run.Kubeconfig);
    }

    [Fact]
    public async Task Run_defaults()
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync("run", "--kubeconfig", "/k/config"));
        var run = recorder.Run!;
        Assert.Equal("/k/config", run.Kubeconfig);
        Assert.False(run.Host.LeaderElect);
        Assert.Equal(8080, run.Host.MetricsPort);
        Assert.Equal(4, run.Host.Workers);
        Assert.Null(run.Host.ClusterId);
    }

    [Fact]
    public async Task Run_lease_timings_default_to_a_failover_under_15_s_and_can_be_changed()
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync("run", "--leader-elect"));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(1)),
            (recorder.Run!.Host.LeaseDuration, recorder.Run.Host.RenewDeadline, recorder.Run.Host.RetryPeriod));

        Assert.Equal(0, await recorder.InvokeAsync("run", "--leader-elect", "--lease-duration", "8s", "--renew-deadline", "5s", "--retry-period", "1s"));
        Assert.Equal((TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)),
            (recorder.Run!.Host.LeaseDuration, recorder.Run.Host.RenewDeadline, recorder.Run.Host.RetryPeriod));
    }

    [Theory]
    [InlineData("--lease-duration", "7s")] // not longer than the renew deadline (7s)
    [InlineData("--retry-period", "6s")]   // 1.2 x 6s is past the renew deadline
    [InlineData("--lease-duration", "soon")]
    public async Task Run_refuses_lease_timings_a_leader_could_not_keep(string flag, string value)
    {
        var recorder = new Recorder();
        Assert.NotEqual(0, await recorder.InvokeAsync("run", "--leader-elect", flag, value));
        Assert.Null(recorder.Run);
        Assert.Contains(flag, recorder.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crds_defaults_to_the_repository_layout()
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync("crds"));
        Assert.Equal("crds", recorder.Crds!.Output);
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "charts", "gureum", "crds"), recorder.Crds.ChartOutput);
    }

    [Fact]
    public async Task Crds_output_and_no_chart()
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync("crds", "--output", "/tmp/out/crds", "--chart-output", "none"));
        Assert.Equal("/tmp/out/crds", recorder.Crds!.Output);
        Assert.Null(recorder.Crds.ChartOutput);
    }

    [Theory]
    [InlineData("--drift-interval", "soon", "--drift-interval")]
    [InlineData("--drift-interval", "0s", "--drift-interval")]
    [InlineData("--port", "70000", "--port")]
    [InlineData("--port", "abc", "--port")]
    [InlineData("--aws-port", "-1", "--aws-port")]
    [InlineData("--aws-endpoint", "not a url", "--aws-endpoint")]
    [InlineData("--aws-endpoint", "ftp://x", "--aws-endpoint")]
    [InlineData("--aws-faults", "sometimes", "--aws-faults")]
    [InlineData("--clock-speedup", "0", "--clock-speedup")]
    [InlineData("--workers", "0", "--workers")]
    [InlineData("--no-such-flag", "1", "--no-such-flag")]
    public async Task Bad_local_flags_are_refused_naming_the_flag(string flag, string value, string named)
    {
        var recorder = new Recorder();
        var exit = await recorder.InvokeAsync("local", flag, value);
        Assert.NotEqual(0, exit);
        Assert.Null(recorder.Local);
        Assert.Contains(named, recorder.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_run_flag_is_refused_naming_the_flag()
    {
        var recorder = new Recorder();
        var exit = await recorder.InvokeAsync("run", "--metrics-port", "http");
        Assert.NotEqual(0, exit);
        Assert.Null(recorder.Run);
        Assert.Contains("--metrics-port", recorder.Error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("local", "--help")]
    [InlineData("run", "--help")]
    [InlineData("crds", "--help")]
    public async Task Help_is_everywhere(params string[] args)
    {
        var recorder = new Recorder();
        Assert.Equal(0, await recorder.InvokeAsync(args));
        Assert.Contains("Usage:", recorder.Output.ToString(), StringComparison.Ordinal);
        Assert.Null(recorder.Local);
        Assert.Null(recorder.Run);
    }

    [Fact]
    public async Task Local_help_lists_its_flags()
    {
        var recorder = new Recorder();
        await recorder.InvokeAsync("local", "--help");
        foreach (var flag in new[] { "--state-dir", "--port", "--aws-port", "--aws-endpoint", "--zone", "--drift-interval", "--clock-speedup", "--aws-faults" })
            Assert.Contains(flag, recorder.Output.ToString(), StringComparison.Ordinal);
    }
}

public sealed class DeploymentArgumentsTests
{
    [Fact]
    public async Task The_kustomize_deployments_args_parse()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "deploy", "base", "deployment.yaml"));
        var match = System.Text.RegularExpressions.Regex.Match(yaml, @"args:\s*\[(?<args>[^\]]*)\]");
        Assert.True(match.Success, "deploy/base/deployment.yaml has no args list");
        var args = match.Groups["args"].Value.Split(',').Select(arg => arg.Trim().Trim('"')).ToArray();
        RunOptions? parsed = null;
        var root = GureumCommandLine.Build(new CommandHandlers(
            (_, _) => Task.FromResult(1), (_, _) => Task.FromResult(1), (options, _) => { parsed = options; return Task.FromResult(0); }));
        var error = new StringWriter();
        Assert.True(await root.Parse(args).InvokeAsync(new InvocationConfiguration { Error = error }) == 0, error.ToString());
        Assert.True(parsed!.Host.LeaderElect);
        Assert.Equal("$(POD_NAMESPACE)", parsed.Host.LeaseNamespace);
    }

    [Fact]
    public async Task The_helm_charts_args_parse()
    {
        // The chart's template with its default values filled in by hand (no helm here).
        var template = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "charts", "gureum", "templates", "deployment.yaml"));
        Assert.Contains("- --leader-elect", template, StringComparison.Ordinal);
        string[] args = ["run", "--leader-elect", "--lease-namespace", "gureum-system", "--metrics-port", "8080", "--drift-interval", "60s", "--cluster-id", "prod"];
        foreach (var flag in args.Where(arg => arg.StartsWith("--", StringComparison.Ordinal)))
            Assert.Contains("- " + flag, template, StringComparison.Ordinal);
        RunOptions? parsed = null;
        var root = GureumCommandLine.Build(new CommandHandlers(
            (_, _) => Task.FromResult(1), (_, _) => Task.FromResult(1), (options, _) => { parsed = options; return Task.FromResult(0); }));
        Assert.Equal(0, await root.Parse(args).InvokeAsync());
        Assert.Equal("prod", parsed!.Host.ClusterId);
    }
}
