using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Gureum.Operator.Cli;

/// <summary>What each command does once its flags are parsed; the tests pass recorders.</summary>
internal sealed record CommandHandlers(
    Func<CrdsOptions, CancellationToken, Task<int>> Crds,
    Func<LocalOptions, CancellationToken, Task<int>> Local,
    Func<RunOptions, CancellationToken, Task<int>> Run);

/// <summary>The <c>gureum</c> command tree: flags, defaults and their validation, mapped to option records.</summary>
internal static class GureumCommandLine
{
    public static readonly TimeSpan DefaultDriftInterval = TimeSpan.FromSeconds(60);

    public static RootCommand Build(CommandHandlers handlers)
    {
        var root = new RootCommand("Gureum keeps AWS infrastructure equal to Kubernetes custom resources.");
        root.Subcommands.Add(CrdsCommand(handlers.Crds));
        root.Subcommands.Add(LocalCommand(handlers.Local));
        root.Subcommands.Add(RunCommand(handlers.Run));
        return root;
    }

    private static Command CrdsCommand(Func<CrdsOptions, CancellationToken, Task<int>> handler)
    {
        var output = new Option<string>("--output", "-o")
        {
            // No "(default: ...)" here: System.CommandLine prints "[default: crds]" from the factory.
            Description = $"Folder for the CRD files and their kustomization (a file named {CrdFiles.KustomizationFileName})",
            DefaultValueFactory = _ => "crds",
        };
        var chart = new Option<string?>("--chart-output")
        {
            Description = "Folder for the Helm chart's copy (default: charts/gureum/crds beside the output's parent; 'none' to skip)",
        };
        var command = new Command("crds", "Write the generated CustomResourceDefinitions") { output, chart };
        command.SetAction((result, cancellationToken) =>
        {
            var folder = result.GetValue(output)!;
            var chartFolder = result.GetValue(chart) switch
            {
                "none" => null,
                null => DefaultChartFolder(folder),
                var given => given,
            };
            return handler(new CrdsOptions(folder, chartFolder), cancellationToken);
        });
        return command;
    }

    /// <summary>crds/ next to charts/gureum/crds: the repository's layout wherever it is.</summary>
    internal static string DefaultChartFolder(string crdsFolder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(crdsFolder).TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        return Path.Combine(parent, "charts", "gureum", "crds");
    }

    private static Command LocalCommand(Func<LocalOptions, CancellationToken, Task<int>> handler)
    {
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "Where the sandbox keeps its objects, Route53 state, kubeconfig and aws.env",
            DefaultValueFactory = _ => ".gureum",
        };
        var port = PortOption("--port",
            "Port of the sandbox Kubernetes API on 127.0.0.1, https (the kubeconfig's server); 0 reuses the state folder's last port if free, else picks a free one", 0);
        var awsPort = PortOption("--aws-port",
            "Port of the embedded AWS emulator on 127.0.0.1, http (aws.env's AWS_ENDPOINT_URL); 0 reuses the state folder's last port if free, else picks a free one", 0);
        var metricsPort = PortOption("--metrics-port", "Port of /metrics, /healthz, /readyz on 127.0.0.1 (0 picks a free one)", 0);
        var awsEndpoint = new Option<Uri?>("--aws-endpoint")
        {
            Description = "Use this AWS-compatible endpoint (e.g. LocalStack) instead of the embedded emulator",
            CustomParser = ParseAbsoluteUri,
        };
        var zones = new Option<string[]>("--zone")
        {
            Description = "Another hosted zone to create in the emulator (repeatable; example.com is always there)",
            DefaultValueFactory = _ => [],
        };
        var clockSpeedup = Checked("--clock-speedup", "Run the emulator's simulated delays (Route53 propagation, latency) this many times faster", 1.0,
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && x > 0 ? x : null,
            "is not a positive number");
        var faults = new Option<AwsFaultMode>("--aws-faults")
        {
            Description = "Emulator faults: none, throttle (Route53's real rate: 10/s, burst 50) or chaos (also 5xx, lost responses, latency) [default: throttle]",
            HelpName = "none|throttle|chaos",
            CustomParser = ParseFaultMode,
        };
        var live = new Option<bool?>("--live")
        {
            Description = "--live or --live true: the live table; --live false: plain log lines; without the flag: the table when stdout is a terminal",
        };
        var runOperator = new Option<bool>("--operator")
        {
            Description = "Run the built-in operator; --operator false serves only the sandbox API and the AWS emulator, for `gureum run` replicas started against them",
            DefaultValueFactory = _ => true,
        };
        var drift = DriftIntervalOption();
        var workers = WorkersOption();
        var clusterId = ClusterIdOption();
        var wildcardTrust = AllowWildcardTrustOption();

        var command = new Command("local", "Run Gureum with a sandbox Kubernetes API and an AWS emulator on this machine")
        {
            stateDir, port, awsPort, awsEndpoint, zones, drift, clockSpeedup, faults, metricsPort, workers, clusterId, live, runOperator, wildcardTrust,
        };
        command.SetAction((result, cancellationToken) => handler(new LocalOptions
        {
            StateDir = result.GetValue(stateDir)!,
            Port = result.GetValue(port),
            AwsPort = result.GetValue(awsPort),
            AwsEndpoint = result.GetValue(awsEndpoint),
            Zones = result.GetValue(zones) ?? [],
            ClockSpeedup = result.GetValue(clockSpeedup),
            AwsFaults = result.GetResult(faults) is null ? AwsFaultMode.Throttle : result.GetValue(faults),
            LiveView = result.GetValue(live),
            Host = new OperatorOptions
            {
                ClusterId = result.GetValue(clusterId),
                DriftInterval = result.GetValue(drift) ?? DefaultDriftInterval,
                Workers = result.GetValue(workers),
                MetricsPort = result.GetValue(metricsPort),
                MetricsLoopbackOnly = true,
                RunControllers = result.GetValue(runOperator),
                AllowWildcardTrust = result.GetValue(wildcardTrust),
            },
        }, cancellationToken));
        return command;
    }

    private static Command RunCommand(Func<RunOptions, CancellationToken, Task<int>> handler)
    {
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "Kubeconfig of the cluster (default: KUBECONFIG, ~/.kube/config, or the in-cluster service account)",
        };
        var leaderElect = new Option<bool>("--leader-elect")
        {
            Description = "Reconcile only while holding the Lease, so several replicas can run",
        };
        var leaseNamespace = new Option<string>("--lease-namespace")
        {
            Description = "Namespace of the leader-election Lease",
            DefaultValueFactory = _ => "gureum-system",
        };
        var metricsPort = PortOption("--metrics-port", "Port of /metrics, /healthz and /readyz on every interface", 8080);
        var drift = DriftIntervalOption();
        var workers = WorkersOption();
        var clusterId = ClusterIdOption();
        var wildcardTrust = AllowWildcardTrustOption();
        var defaults = new OperatorOptions();
        var leaseDuration = DurationOption("--lease-duration",
            "With --leader-elect: how long after the leader's last renewal another replica may take over, the longest a killed leader leaves the work undone [default: 10s]");
        var renewDeadline = DurationOption("--renew-deadline",
            "With --leader-elect: the leader stops reconciling when it could not renew for this long; shorter than --lease-duration [default: 7s]");
        var retryPeriod = DurationOption("--retry-period",
            "With --leader-elect: how often the leader renews and the others try to take over; shorter than --renew-deadline [default: 1s]");
        var command = new Command("run", "Run the operator against a Kubernetes cluster and AWS")
        {
            kubeconfig, clusterId, drift, leaderElect, leaseNamespace, leaseDuration, renewDeadline, retryPeriod, metricsPort, workers, wildcardTrust,
        };
        command.Validators.Add(result =>
        {
            // Read from the tokens: a value the flag's own parser refused is reported by it, and skipped here.
            bool TryGet(Option<TimeSpan?> option, TimeSpan fallback, out TimeSpan value)
            {
                value = fallback;
                return result.GetResult(option)?.Tokens is not [{ } token] || (Durations.TryParse(token.Value, out value) && value > TimeSpan.Zero);
            }
            if (!TryGet(leaseDuration, defaults.LeaseDuration, out var lease) || !TryGet(renewDeadline, defaults.RenewDeadline, out var renew)
                || !TryGet(retryPeriod, defaults.RetryPeriod, out var retry))
                return;
            // client-go's rule: the leader must give up before others may take over, and retry more than once before that.
            if (!(lease > renew && renew > retry * 1.2))
                result.AddError($"--renew-deadline ({Seconds(renew)}) must be shorter than --lease-duration ({Seconds(lease)}) and longer than 1.2 x --retry-period ({Seconds(retry)}).");
        });
        command.SetAction((result, cancellationToken) => handler(new RunOptions(
            result.GetValue(kubeconfig),
            new OperatorOptions
            {
                ClusterId = result.GetValue(clusterId),
                DriftInterval = result.GetValue(drift) ?? DefaultDriftInterval,
                Workers = result.GetValue(workers),
                LeaderElect = result.GetValue(leaderElect),
                LeaseNamespace = result.GetValue(leaseNamespace)!,
                LeaseDuration = result.GetValue(leaseDuration) ?? defaults.LeaseDuration,
                RenewDeadline = result.GetValue(renewDeadline) ?? defaults.RenewDeadline,
                RetryPeriod = result.GetValue(retryPeriod) ?? defaults.RetryPeriod,
                MetricsPort = result.GetValue(metricsPort),
                AllowWildcardTrust = result.GetValue(wildcardTrust),
            }), cancellationToken));
        return command;
    }

    private static Option<int> PortOption(string name, string description, int defaultPort) =>
        Checked(name, description, defaultPort, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null,
            "is not a port number from 0 to 65535");

    /// <summary>An option whose bad value is refused with a message naming the flag (validators cannot see unparsable values).</summary>
    private static Option<T> Checked<T>(string name, string description, T defaultValue, Func<string, T?> parse, string problem)
        where T : struct => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (parse(text) is { } value)
                return value;
            result.AddError($"{name}: '{text}' {problem}.");
            return defaultValue;
        },
    };

    private static Option<bool> AllowWildcardTrustOption() => new("--allow-wildcard-trust")
    {
        Description = "Accept IamRole trust policies whose principal is a wildcard (\"*\", {\"AWS\": \"*\"}): anyone could assume such a role. Without this flag they are refused",
    };

    // Nullable with the default in the description: help shows "60s", not "00:01:00".
    private static Option<TimeSpan?> DriftIntervalOption() =>
        DurationOption("--drift-interval", "How often every object is compared with AWS again, e.g. 30s, 5m [default: 60s]");

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";

    private static Option<TimeSpan?> DurationOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero)
                return duration;
            result.AddError($"{name}: '{text}' is not a positive duration (use e.g. 30s, 5m, 1h).");
            return default;
        },
    };

    private static Option<int> WorkersOption() =>
        Checked("--workers", "Concurrent reconciles per controller (DnsRecord runs at least 16)", 4,
            text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 64 ? n : null,
            "is not a number from 1 to 64");

    private static Option<string?> ClusterIdOption() => new("--cluster-id")
    {
        Description = "Id written into AWS ownership tags and records (default: the uid of namespace kube-system)",
    };

    private static Uri? ParseAbsoluteUri(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        result.AddError($"--aws-endpoint: '{text}' is not an http(s) URL.");
        return null;
    }

    private static AwsFaultMode ParseFaultMode(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (Enum.TryParse<AwsFaultMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            return mode;
        result.AddError($"--aws-faults: '{text}' is not one of none, throttle, chaos.");
        return default;
    }
}
