namespace Gureum.EndToEnd.Tests;

/// <summary>LoadBalancer YAML as a user writes it, on subnet and security group ids read from the emulator's EC2.</summary>
internal static class LoadBalancerManifests
{
    /// <summary>
    /// An internet-facing application load balancer on <paramref name="subnets"/> with an HTTP:80
    /// listener forwarding to an HTTP:8080 target group whose health check probes /healthz; tagged
    /// team=e2e. <paramref name="listeners"/> replaces the listener list (lines indented by two).
    /// </summary>
    public static string Web(string name, IReadOnlyList<string> subnets, string securityGroup, string scheme = "internet-facing", string? listeners = null) => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: LoadBalancer
        metadata:
          name: {name}
        spec:
          type: application
          scheme: {scheme}
          subnetIds:
        {string.Join("\n", subnets.Select(s => "  - " + s))}
          securityGroupIds:
          - {securityGroup}
          listeners:
        {listeners ?? "  - port: 80\n    protocol: HTTP"}
          targetGroup:
            port: 8080
            protocol: HTTP
            targetType: instance
            deregistrationDelaySeconds: 30
            healthCheck:
              path: /healthz
              intervalSeconds: 15
              timeoutSeconds: 5
              healthyThreshold: 2
              unhealthyThreshold: 3
              matcher: 200-399
          tags:
            team: e2e
        """;

    /// <summary>An alias A record <c>&lt;recordName&gt;.example.com</c> to the LoadBalancer <paramref name="loadBalancer"/>.</summary>
    public static string Alias(string name, string recordName, string loadBalancer) => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: DnsRecord
        metadata:
          name: {name}
        spec:
          zone:
            name: example.com
          name: {recordName}
          type: A
          alias:
            loadBalancerRef:
              name: {loadBalancer}
        """;
}
