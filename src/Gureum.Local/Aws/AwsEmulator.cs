using System.Net;
using System.Web;
using Gureum.Aws;
using Gureum.Local.Aws.AutoScaling;
using Gureum.Local.Aws.Elbv2;
using Gureum.Local.Aws.Ec2;
using Gureum.Local.Aws.Faults;
using Gureum.Local.Aws.Iam;
using Gureum.Local.Aws.Query;
using Gureum.Local.Aws.Route53;
using Gureum.Local.Aws.Sts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gureum.Local.Aws;

/// <summary>
/// An HTTP server on 127.0.0.1 speaking AWS wire protocols. Every service shares one endpoint;
/// the SigV4 credential scope of each request picks the service, as LocalStack and moto do.
/// </summary>
public sealed class AwsEmulator : IAsyncDisposable
{
    /// <summary>Fixed test credentials; they guard nothing and are safe to print.</summary>
    public const string TestAccessKeyId = "AKIAGUREUMLOCAL00001";
    public const string TestSecretAccessKey = "gureum-local-test-secret-key-not-a-secret";

    private readonly WebApplication _app;
    private readonly AwsEmulatorOptions _options;
    private readonly IReadOnlyDictionary<string, IAwsService> _services;
    private readonly ILogger _logger;
    private ITimer? _ticker;

    private AwsEmulator(WebApplication app, AwsEmulatorOptions options, IReadOnlyList<IAwsService> services, ILogger logger)
    {
        _app = app;
        _options = options;
        _services = services.ToDictionary(s => s.SigningName, StringComparer.OrdinalIgnoreCase);
        _logger = logger;
        Faults = new FaultInjector(options.Faults, options.TimeProvider);
    }

    public Uri Endpoint { get; private set; } = null!;
    public string Region => _options.Region;
    public string AccessKeyId => TestAccessKeyId;
    public string SecretAccessKey => TestSecretAccessKey;
    public FaultInjector Faults { get; }
    public EmulatorStats Stats { get; } = new();

    /// <summary>The emulated Route53, for benchmarks that read records without spending the API's rate.</summary>
    internal Route53Service Route53 => (Route53Service)_services[AwsServiceCatalog.Route53.SigningName];

    /// <summary>The emulated IAM, for the services that consult it (EC2 asks whether an instance profile is visible yet).</summary>
    internal IamService Iam => (IamService)_services[AwsServiceCatalog.Iam.SigningName];

    /// <summary>The emulated ELBv2; an EC2 emulator sets its <see cref="Elbv2Service.Network"/> hooks.</summary>
    internal Elbv2Service Elbv2 => (Elbv2Service)_services[AwsServiceCatalog.ElasticLoadBalancingV2.SigningName];
    /// <summary>The emulated EC2, for the services that consult it (ELBv2 asks whether a subnet or security
    /// group exists and which VPC a subnet is in: <c>SubnetExists</c>, <c>SecurityGroupExists</c>, <c>VpcOfSubnet</c>).</summary>
    internal Ec2Service Ec2 => (Ec2Service)_services[AwsServiceCatalog.Ec2.SigningName];

    /// <summary>The emulated Auto Scaling; its groups launch in <see cref="Ec2"/> and register in <see cref="Elbv2"/>.</summary>
    internal AutoScalingService AutoScaling => (AutoScalingService)_services[AwsServiceCatalog.AutoScaling.SigningName];

    /// <summary>Moves Auto Scaling groups as far as the clock allows (see <see cref="AutoScalingStore.Reconcile"/>).</summary>
    internal void ReconcileGroups()
    {
        try
        {
            AutoScaling.Store.Reconcile();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Auto Scaling groups failed to reconcile inside the emulator");
        }
    }

    public static async Task<AwsEmulator> StartAsync(AwsEmulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();

        // EC2 first: services that check subnets and security groups (ELBv2, Auto Scaling) are given it.
        var ec2 = Ec2Service.Create(options);
        IAwsService[] services =
        [
            new StsService(options.AccountId),
            Route53Service.Create(options),
            IamService.Create(options),
            Elbv2Service.Create(options),
            ec2,
            AutoScalingService.Create(options),
        ];
        var emulator = new AwsEmulator(app, options, services, loggerFactory.CreateLogger<AwsEmulator>());
        if (!options.Elbv2AcceptsAnyNetworkId)
            emulator.Elbv2.Network = ElbNetworkOf(ec2);
        ec2.Instances.InstanceProfileVisible = emulator.Iam.IsInstanceProfileVisible;
        emulator.AutoScaling.Store.Ec2 = ec2;
        emulator.AutoScaling.Store.Elbv2 = emulator.Elbv2.Store;
        // Groups also move between requests (a sandbox nobody polls still scales); requests catch up first anyway.
        var tick = options.Simulated(TimeSpan.FromSeconds(2));
        tick = tick < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : tick;
        emulator._ticker = options.TimeProvider.CreateTimer(_ => emulator.ReconcileGroups(), null, tick, tick);
        ec2.Instances.InstanceProfileArn = name => $"arn:aws:iam::{options.AccountId}:instance-profile/{name}";
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        emulator.Endpoint = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        return emulator;
    }

    /// <summary>ELBv2 sees the emulated EC2 network: subnets, security groups and VPCs must exist, as on AWS.
    /// Instances come with the InstanceGroup issue; until then target ids are checked by their shape.</summary>
    private static Elbv2Network ElbNetworkOf(Ec2Service ec2)
    {
        var byShape = Elbv2Network.ByShape(ec2.Network.Region);
        return byShape with
        {
            FindSubnet = id => ec2.Network.Subnets().FirstOrDefault(subnet => subnet.SubnetId == id) is { } subnet
                ? new Elbv2Subnet(subnet.SubnetId, subnet.AvailabilityZone, subnet.VpcId)
                : null,
            SecurityGroupExists = ec2.SecurityGroupExists,
            VpcExists = ec2.Network.VpcExists,
            InstanceExists = ec2.Instances.Exists,
            IsInstanceUnhealthy = ec2.Instances.IsUnhealthy,
            DefaultSecurityGroup = vpcId => ec2.Network.SecurityGroups().FirstOrDefault(group => group.VpcId == vpcId && group.IsDefault)?.GroupId,
        };
    }

    /// <summary>Writes the settings an AWS SDK or CLI needs to reach this emulator; returns the path.</summary>
    public string WriteEnvFile(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllLines(full,
        [
            $"AWS_ENDPOINT_URL={Endpoint.ToString().TrimEnd('/')}",
            $"AWS_REGION={Region}",
            $"AWS_ACCESS_KEY_ID={AccessKeyId}",
            $"AWS_SECRET_ACCESS_KEY={SecretAccessKey}",
        ]);
        return full;
    }

    public async ValueTask DisposeAsync()
    {
        if (_ticker is not null)
            await _ticker.DisposeAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;

        var credential = SigV4Authorization.Parse(context.Request.Headers.Authorization);
        if (credential is null)
        {
            await WriteAsync(context, QueryErrorXml.Write(new AwsError(403, "MissingAuthenticationToken",
                "Request is missing Authentication Token"), requestId, null), cancellationToken);
            return;
        }

        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (!_services.TryGetValue(credential.Service, out var service))
        {
            await WriteAsync(context, QueryErrorXml.Write(new AwsError(400, "UnrecognizedClientException",
                $"The service '{credential.Service}' is not emulated."), requestId, null), cancellationToken);
            return;
        }

        if (_options.VerifySignatures && !SignatureMatches(context, credential, body))
        {
            await WriteAsync(context, service.Error(new AwsError(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
                requestId), cancellationToken);
            return;
        }

        var request = new AwsRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            HttpUtility.ParseQueryString(context.Request.QueryString.Value ?? ""),
            context.Request.ContentType ?? "",
            body,
            credential,
            requestId);

        var operation = service.Resolve(request);
        Stats.CountRequest(service.SigningName, operation?.Name ?? "Unknown");
        if (operation is null)
        {
            await WriteAsync(context, service.Error(service.UnknownOperation(request), requestId), cancellationToken);
            return;
        }

        var response = await ApplyFaultsAsync(service, request, operation, cancellationToken);
        if (response is null)
        {
            // Lost response: the effect happened; the client sees the connection drop.
            context.Abort();
            return;
        }
        await WriteAsync(context, response, cancellationToken);
    }

    /// <summary>Null means the response is to be lost after the effect was applied.</summary>
    private async Task<AwsResponse?> ApplyFaultsAsync(
        IAwsService service, AwsRequest request, AwsOperation operation, CancellationToken cancellationToken)
    {
        var name = service.SigningName;
        var faults = Faults.For(name);

        var latency = _options.Simulated(Faults.LatencyFor(faults));
        if (latency > TimeSpan.Zero)
            await Task.Delay(latency, _options.TimeProvider, cancellationToken);

        if (Faults.ShouldThrottle(name, operation.IsWrite))
        {
            Stats.CountFault(name, FaultKind.Throttled);
            return service.Error(new AwsError(400, service.ThrottlingCode, "Rate exceeded"), request.RequestId);
        }
        if (Faults.Draw(faults.ServerErrorFraction))
        {
            Stats.CountFault(name, FaultKind.ServerError);
            var error = Faults.DrawHalf()
                ? new AwsError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", "Receiver")
                : new AwsError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.", "Receiver");
            return service.Error(error, request.RequestId);
        }
        if (service.ServiceFault(operation, faults, Faults.Draw) is { } serviceFault)
        {
            Stats.CountFault(name, serviceFault.Kind);
            return service.Error(serviceFault.Error, request.RequestId);
        }

        // What the clock has done to Auto Scaling groups shows in every service they touch.
        if (name is "ec2" or "autoscaling" or "elasticloadbalancing")
            ReconcileGroups();

        AwsResponse response;
        try
        {
            response = await service.HandleAsync(request, operation, cancellationToken);
        }
        catch (AwsErrorException e)
        {
            response = service.Error(e.Error, request.RequestId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An emulator bug should look like an AWS 500 to the client, and be visible in the log.
            _logger.LogError(e, "{Service} {Operation} failed inside the emulator", name, operation.Name);
            response = service.Error(new AwsError(500, "InternalFailure", "The emulator failed: " + e.Message, "Receiver"), request.RequestId);
        }

        // A group created or changed starts launching at once, as on AWS.
        if (name == "autoscaling" && operation.IsWrite)
            ReconcileGroups();

        if (operation.IsWrite && response.StatusCode < 300 && Faults.Draw(faults.LostResponseFraction))
        {
            Stats.CountFault(name, FaultKind.LostResponse);
            _logger.LogInformation("Dropping the response to {Service} {Operation} after applying it", name, operation.Name);
            return null;
        }
        return response;
    }

    private static bool SignatureMatches(HttpContext context, SigV4Credential credential, byte[] body)
    {
        if (credential.AccessKeyId != TestAccessKeyId)
            return false;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var signed = new SigV4Verifier.SignedRequest(
            context.Request.Method,
            queryStart < 0 ? rawTarget : rawTarget[..queryStart],
            queryStart < 0 ? "" : rawTarget[(queryStart + 1)..],
            name => context.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null,
            body);
        return SigV4Verifier.Verify(credential, signed, TestSecretAccessKey);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, AwsResponse response, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
            context.Response.Headers[name] = value;
        await context.Response.WriteAsync(response.Body, cancellationToken);
    }
}
