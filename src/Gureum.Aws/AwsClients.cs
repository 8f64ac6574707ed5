using Amazon;
using Amazon.EC2;
using Amazon.Runtime.Signing;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Ec2;
using Gureum.Aws.ElasticLoadBalancingV2;
using Gureum.Aws.Http;
using Gureum.Aws.Iam;
using Gureum.Aws.Pipeline;
using Gureum.Aws.Route53;
using Gureum.Aws.Sts;
using Microsoft.Extensions.Logging;

namespace Gureum.Aws;

/// <summary>The AWS layer assembled: one pipeline, one signed HttpClient, one client per service.
/// The host creates this once and hands the clients to controllers.</summary>
public sealed class AwsClients : IDisposable
{
    private readonly HttpClient _http;
    private readonly AmazonEC2Client _ec2Sdk;

    private AwsClients(AwsSettings settings, AwsCallPipeline pipeline, HttpClient http)
    {
        Settings = settings;
        Pipeline = pipeline;
        _http = http;
        Route53 = new Route53Client(Channel(AwsService.Route53));
        Sts = new StsClient(Channel(AwsService.Sts));
        Iam = new IamClient(Channel(AwsService.Iam));
        Elbv2 = new Elbv2Client(Channel(AwsService.ElasticLoadBalancingV2));
        AutoScaling = new AutoScalingClient(Channel(AwsService.AutoScaling));
        // Building the SDK client makes no request; it is cheap enough to create up front.
        _ec2Sdk = Ec2ClientFactory.Create(settings);
        Ec2 = new Ec2Calls(_ec2Sdk, pipeline, settings.Region);
        Ec2Network = new Ec2NetworkClient(Ec2);
        Ec2Compute = new Ec2ComputeClient(Ec2);
    }

    public AwsSettings Settings { get; }
    public AwsCallPipeline Pipeline { get; }
    public IRoute53Client Route53 { get; }
    public IStsClient Sts { get; }
    public IIamClient Iam { get; }
    public IElbv2Client Elbv2 { get; }
    public IAutoScalingClient AutoScaling { get; }

    /// <summary>EC2 SDK calls through this layer's pipeline (buckets, retry, metrics, error mapping).</summary>
    public Ec2Calls Ec2 { get; }

    /// <summary>VPC, subnet, security group and image lookups (records, every page, batched ids) on <see cref="Ec2"/>.</summary>
    public IEc2NetworkClient Ec2Network { get; }

    /// <summary>Launch templates, instances and their tags (records) on <see cref="Ec2"/>.</summary>
    public IEc2ComputeClient Ec2Compute { get; }

    /// <param name="transport">The innermost handler (tests may inject one); by default a SocketsHttpHandler
    /// that does not follow redirects, since a followed redirect would not be re-signed.</param>
    public static AwsClients Create(AwsSettings settings, TimeProvider time, ILoggerFactory? loggerFactory = null, HttpMessageHandler? transport = null)
    {
        var signer = new SigV4SigningHandler(
            settings.Credentials,
            RegionEndpoint.GetBySystemName(settings.Region),
            AwsService.Sts.SigningName,
            transport ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        var http = new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(30) };
        var pipeline = new AwsCallPipeline(settings.RateLimits, settings.Retry, time, loggerFactory?.CreateLogger("Gureum.Aws"));
        return new AwsClients(settings, pipeline, http);
    }

    /// <summary>A new SDK client the caller owns; prefer <see cref="Ec2"/>, which goes through the pipeline.</summary>
    public AmazonEC2Client CreateEc2Client() => Ec2ClientFactory.Create(Settings);

    internal AwsServiceChannel Channel(AwsService service) =>
        new(service, Settings.EndpointFor(service), Settings.Region, _http, Pipeline);

    public void Dispose()
    {
        _http.Dispose();
        Pipeline.Dispose();
        _ec2Sdk.Dispose();
    }
}
