namespace Gureum.Operator.Local;

/// <summary>What <c>gureum local</c> prints once it is up: where everything is, and the README's first commands.</summary>
internal static class LocalBanner
{
    /// <summary>The same namespace and commands as the README's "Try it" (a test holds them together).</summary>
    public static readonly IReadOnlyList<string> TryCommands =
    [
        "kubectl create namespace demo",
        "kubectl apply -n demo -f deploy/samples/",
        "kubectl get gureum -n demo",
    ];

    /// <summary>The README's AWS CLI lines: the zone id, then the records (with Gureum's TXT ownership marks).</summary>
    public static readonly IReadOnlyList<string> AwsCommands =
    [
        "zone=$(aws route53 list-hosted-zones-by-name --dns-name example.com --query 'HostedZones[0].Id' --output text)",
        "aws route53 list-resource-record-sets --hosted-zone-id \"$zone\"",
    ];

    public static string Text(string clusterId, IReadOnlyList<string> controllers, Uri kubernetesApi, string awsLine, Uri? metrics,
        string stateDir, string kubeconfig, string envFile, bool runsOperator = true) => $"""
        Gureum local is running (cluster id {clusterId}; {(runsOperator ? "controllers: " + (controllers.Count == 0 ? "none yet" : string.Join(", ", controllers)) : "no operator (--operator false)")}).
          Kubernetes API: {kubernetesApi.ToString().TrimEnd('/')}
          {awsLine}
          Metrics:        {metrics}metrics (also /healthz, /readyz)
          State:          {stateDir}
        Point kubectl at it:
          export KUBECONFIG={kubeconfig}
        {string.Join(Environment.NewLine, TryCommands.Select(command => "  " + command))}
        Use the AWS CLI against it:
          set -a; . {envFile}; set +a
        {string.Join(Environment.NewLine, AwsCommands.Select(command => "  " + command))}
        {(runsOperator ? "" : RunYourself(kubeconfig, envFile))}Ctrl-C stops it; the state stays in {stateDir}.
        """;

    /// <summary>With --operator false: how to start the operator replicas that reconcile against this sandbox.</summary>
    public static string RunYourself(string kubeconfig, string envFile) => $"""
        Nothing reconciles until you start the operator, e.g. two replicas, each in its own shell:
          set -a; . {envFile}; set +a
          gureum run --kubeconfig {kubeconfig} --leader-elect --lease-namespace default --metrics-port 0

        """;
}
