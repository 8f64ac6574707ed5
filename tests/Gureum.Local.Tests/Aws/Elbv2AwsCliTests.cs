using System.Text.Json;
using Gureum.Testing;
using Xunit;

namespace Gureum.Local.Tests.Aws;

/// <summary>The emulator's ELBv2 driven by the AWS CLI (botocore's elbv2 model and parsers), as users will.</summary>
public sealed class Elbv2AwsCliTests(Elbv2AloneEmulatorFixture fixture) : IClassFixture<Elbv2AloneEmulatorFixture>
{
    private readonly AwsCli _aws = new(fixture.Emulator);

    [Fact]
    public async Task A_load_balancer_is_created_described_and_its_name_refused_for_other_settings()
    {
        var created = await _aws.RunAsync("elbv2", "create-load-balancer", "--name", "cli-web",
            "--subnets", "subnet-00000001", "subnet-00000002", "--tags", "Key=team,Value=web");
        var described = await _aws.RunAsync("elbv2", "describe-load-balancers", "--names", "cli-web");
        var duplicate = await _aws.RunAsync("elbv2", "create-load-balancer", "--name", "cli-web",
            "--subnets", "subnet-00000002", "subnet-00000003");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(described.ExitCode == 0, described.ToString());
        var lb = JsonDocument.Parse(described.StdOut).RootElement.GetProperty("LoadBalancers")[0];
        Assert.Equal("cli-web", lb.GetProperty("LoadBalancerName").GetString());
        Assert.Equal("Z35SXDOTRQ7X7K", lb.GetProperty("CanonicalHostedZoneId").GetString());
        Assert.Matches(@"^cli-web-\d{10}\.us-east-1\.elb\.amazonaws\.com$", lb.GetProperty("DNSName").GetString());
        Assert.Equal("application", lb.GetProperty("Type").GetString());
        Assert.Equal(2, lb.GetProperty("AvailabilityZones").GetArrayLength());
        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Contains("An error occurred (DuplicateLoadBalancerName) when calling the CreateLoadBalancer operation",
            duplicate.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_group_and_an_https_listener_without_a_certificate_as_AWS_answers()
    {
        var lb = await _aws.RunAsync("elbv2", "create-load-balancer", "--name", "cli-listener", "--subnets", "subnet-00000001", "subnet-00000002");
        var lbArn = JsonDocument.Parse(lb.StdOut).RootElement.GetProperty("LoadBalancers")[0].GetProperty("LoadBalancerArn").GetString()!;
        var tg = await _aws.RunAsync("elbv2", "create-target-group", "--name", "cli-tg", "--protocol", "HTTP", "--port", "80",
            "--vpc-id", "vpc-00000001", "--health-check-path", "/healthz", "--matcher", "HttpCode=200-299");
        var tgArn = JsonDocument.Parse(tg.StdOut).RootElement.GetProperty("TargetGroups")[0].GetProperty("TargetGroupArn").GetString()!;
        var https = await _aws.RunAsync("elbv2", "create-listener", "--load-balancer-arn", lbArn, "--protocol", "HTTPS", "--port", "443",
            "--default-actions", $"Type=forward,TargetGroupArn={tgArn}");
        var http = await _aws.RunAsync("elbv2", "create-listener", "--load-balancer-arn", lbArn, "--protocol", "HTTP", "--port", "80",
            "--default-actions", $"Type=forward,TargetGroupArn={tgArn}");
        var health = await _aws.RunAsync("elbv2", "describe-target-groups", "--load-balancer-arn", lbArn);

        Assert.True(tg.ExitCode == 0, tg.ToString());
        Assert.Contains("An error occurred (ValidationError) when calling the CreateListener operation: A certificate must be specified for HTTPS listeners",
            https.StdErr, StringComparison.Ordinal);
        Assert.True(http.ExitCode == 0, http.ToString());
        var group = JsonDocument.Parse(health.StdOut).RootElement.GetProperty("TargetGroups")[0];
        Assert.Equal("/healthz", group.GetProperty("HealthCheckPath").GetString());
        Assert.Equal("200-299", group.GetProperty("Matcher").GetProperty("HttpCode").GetString());
        Assert.Equal(lbArn, group.GetProperty("LoadBalancerArns")[0].GetString());
    }
}
