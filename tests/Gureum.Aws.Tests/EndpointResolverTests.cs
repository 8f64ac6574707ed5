using Gureum.Aws.Endpoints;

namespace Gureum.Aws.Tests;

public sealed class EndpointResolverTests
{
    public static TheoryData<string, string, string, string> Defaults => new()
    {
        { "ec2", "eu-west-1", "https://ec2.eu-west-1.amazonaws.com/", "eu-west-1" },
        { "autoscaling", "us-west-2", "https://autoscaling.us-west-2.amazonaws.com/", "us-west-2" },
        { "elasticloadbalancingv2", "ap-northeast-2", "https://elasticloadbalancing.ap-northeast-2.amazonaws.com/", "ap-northeast-2" },
        { "sts", "eu-central-1", "https://sts.eu-central-1.amazonaws.com/", "eu-central-1" },
        { "iam", "eu-central-1", "https://iam.amazonaws.com/", "us-east-1" },
        { "route53", "eu-central-1", "https://route53.amazonaws.com/", "us-east-1" },
        { "ec2", "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn/", "cn-north-1" },
        { "iam", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1" },
        { "route53", "cn-north-1", "https://route53.amazonaws.com.cn/", "cn-northwest-1" },
        { "ec2", "us-gov-east-1", "https://ec2.us-gov-east-1.amazonaws.com/", "us-gov-east-1" },
        { "iam", "us-gov-east-1", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1" },
        { "route53", "us-gov-east-1", "https://route53.us-gov.amazonaws.com/", "us-gov-west-1" },
        { "ec2", "us-iso-east-1", "https://ec2.us-iso-east-1.c2s.ic.gov/", "us-iso-east-1" },
        { "ec2", "us-isob-east-1", "https://ec2.us-isob-east-1.sc2s.sgov.gov/", "us-isob-east-1" },
        { "route53", "us-isob-east-1", "https://route53.sc2s.sgov.gov/", "us-isob-east-1" },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Without_configured_endpoints_the_partitions_real_hosts_are_used(string service, string region, string url, string signingRegion)
    {
        var endpoint = EndpointResolver.Resolve(Service(service), region, new Dictionary<string, string?>());
        Assert.Equal(new AwsEndpoint(new Uri(url), signingRegion), endpoint);
    }

    public static TheoryData<string, string, string> Configured => new()
    {
        // service, environment (k=v;k=v), expected URL
        { "route53", "AWS_ENDPOINT_URL=http://127.0.0.1:4566", "http://127.0.0.1:4566/" },
        { "route53", "AWS_ENDPOINT_URL=http://127.0.0.1:4566;AWS_ENDPOINT_URL_ROUTE_53=http://localhost:9000", "http://localhost:9000/" },
        { "iam", "AWS_ENDPOINT_URL_ROUTE_53=http://localhost:9000", "https://iam.amazonaws.com/" },
        { "elasticloadbalancingv2", "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=http://elb.local/", "http://elb.local/" },
        { "autoscaling", "AWS_ENDPOINT_URL_AUTO_SCALING=http://asg.local", "http://asg.local/" },
        { "ec2", "AWS_ENDPOINT_URL_EC2=http://ec2.local/base", "http://ec2.local/base/" },
        { "sts", "AWS_ENDPOINT_URL_STS=http://sts.local", "http://sts.local/" },
        { "iam", "AWS_ENDPOINT_URL_IAM=http://iam.local", "http://iam.local/" },
        { "sts", "AWS_ENDPOINT_URL=http://127.0.0.1:4566;AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", "https://sts.eu-west-1.amazonaws.com/" },
        { "sts", "AWS_ENDPOINT_URL=  ", "https://sts.eu-west-1.amazonaws.com/" },
    };

    [Theory]
    [MemberData(nameof(Configured))]
    public void Configured_endpoints_win_service_specific_first_and_sign_for_the_configured_region(string service, string environment, string url)
    {
        var env = environment.Split(';').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1]);
        var endpoint = EndpointResolver.Resolve(Service(service), "eu-west-1", env);
        Assert.Equal(new Uri(url), endpoint.Url);
        if (url.StartsWith("http://", StringComparison.Ordinal))
            Assert.Equal("eu-west-1", endpoint.SigningRegion);
    }

    [Fact]
    public void A_configured_endpoint_that_is_not_a_url_is_refused()
    {
        var env = new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = "localhost:4566" };
        Assert.Throws<ArgumentException>(() => EndpointResolver.Resolve(AwsService.Sts, "eu-west-1", env));
    }

    private static AwsService Service(string name) => AwsService.All.Single(s => s.Name == name);
}
