using System.Xml.Linq;
using Gureum.Aws;
using Gureum.Local.Aws.Query;

namespace Gureum.Local.Aws.Ec2;

/// <summary>EC2 over its own protocol ("ec2", 2016-11-15): a Query-like form POST whose answers are
/// <c>&lt;{Action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt;&lt;requestId/&gt;...</c>
/// with lists as <c>&lt;item&gt;</c>, and whose errors are <c>&lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;</c>.
/// The actions come from parts with their own state (<see cref="Ec2Network"/>, <see cref="Ec2ImageCatalog"/>);
/// instances and launch templates are added as further <see cref="IEc2Actions"/>.</summary>
internal sealed class Ec2Service : IAwsService
{
    public const string Version = "2016-11-15";
    public static readonly XNamespace Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private readonly Dictionary<string, Ec2Action> _actions = new(StringComparer.Ordinal);

    private Ec2Service(Ec2Network network, Ec2ImageCatalog images, Ec2LaunchTemplates templates, Ec2Instances instances, IEnumerable<IEc2Actions> parts)
    {
        Network = network;
        Images = images;
        LaunchTemplates = templates;
        Instances = instances;
        foreach (var part in parts)
            foreach (var (name, action) in part.Actions)
                _actions.Add(name, action);
    }

    public string SigningName => AwsServiceCatalog.Ec2.SigningName;
    public string ThrottlingCode => AwsServiceCatalog.Ec2.ThrottlingCode;

    /// <summary>VPCs, subnets and security groups; other emulated services (ELBv2, Auto Scaling) ask it.</summary>
    public Ec2Network Network { get; }
    public Ec2ImageCatalog Images { get; }
    /// <summary>Launch templates; Auto Scaling resolves its groups' templates here.</summary>
    public Ec2LaunchTemplates LaunchTemplates { get; }
    /// <summary>Instances; Auto Scaling launches and terminates here, ELBv2 asks about health.</summary>
    public Ec2Instances Instances { get; }

    public static Ec2Service Create(AwsEmulatorOptions options)
    {
        var network = new Ec2Network(options.AccountId, options.Region,
            options.StateDir is null ? null : Path.Combine(options.StateDir, "aws", "ec2-network.json"));
        var images = new Ec2ImageCatalog(options.Region);
        var templates = new Ec2LaunchTemplates(options.TimeProvider,
            options.StateDir is null ? null : Path.Combine(options.StateDir, "aws", "ec2-launch-templates.json"));
        var instances = new Ec2Instances(network, images, options.TimeProvider, options.Simulated,
            options.StateDir is null ? null : Path.Combine(options.StateDir, "aws", "ec2-instances.json"));
        return new Ec2Service(network, images, templates, instances,
        [
            new Ec2NetworkActions(network),
            new Ec2ImageActions(images, options.AccountId),
            new Ec2LaunchTemplateActions(templates, images, options.AccountId),
            new Ec2InstanceActions(instances, templates, network, options.AccountId),
        ]);
    }

    public bool SubnetExists(string subnetId) => Network.SubnetExists(subnetId);
    public bool SecurityGroupExists(string groupId) => Network.SecurityGroupExists(groupId);
    public string? VpcOfSubnet(string subnetId) => Network.VpcOfSubnet(subnetId);

    public AwsOperation? Resolve(AwsRequest request)
    {
        var action = QueryForm.Parse(request)["Action"];
        return action is not null && _actions.TryGetValue(action, out var found) ? new AwsOperation(action, found.IsWrite) : null;
    }

    public AwsError UnknownOperation(AwsRequest request) =>
        QueryForm.Parse(request)["Action"] is { Length: > 0 } action
            ? new AwsError(400, "InvalidAction", $"The action {action} is not valid for this web service.")
            : new AwsError(400, "MissingAction", "The request must contain the parameter Action");

    public Task<AwsResponse> HandleAsync(AwsRequest request, AwsOperation operation, CancellationToken cancellationToken)
    {
        var content = _actions[operation.Name].Handler(new Ec2Parameters(QueryForm.Parse(request)));
        var body = new XElement(Ns + $"{operation.Name}Response", new XElement(Ns + "requestId", request.RequestId), content);
        return Task.FromResult(new AwsResponse(200, Xml.Serialize(body)));
    }

    /// <summary>EC2's error document, which has no namespace. Throttling is 503 RequestLimitExceeded on EC2.</summary>
    public AwsResponse Error(AwsError error, string requestId)
    {
        var (status, message) = error.Code == ThrottlingCode ? (503, "Request limit exceeded.") : (error.StatusCode, error.Message);
        var doc = new XElement("Response",
            new XElement("Errors", new XElement("Error", new XElement("Code", error.Code), new XElement("Message", message))),
            new XElement("RequestID", requestId));
        return new AwsResponse(status, Xml.Serialize(doc));
    }
}

/// <summary>EC2's XML shapes: elements in EC2's namespace, lists as <c>&lt;item&gt;</c>.</summary>
internal static class Ec2Xml
{
    public static XElement E(string name, params object?[] content) => new(Ec2Service.Ns + name, content);

    /// <summary>An optional member: absent when null.</summary>
    public static XElement? Optional(string name, object? value) => value is null ? null : E(name, value);

    public static XElement Items<T>(string name, IEnumerable<T> items, Func<T, IEnumerable<object?>> content) =>
        E(name, items.Select(item => E("item", content(item).ToArray())));

    /// <summary>A <c>tagSet</c>, left out when empty as EC2 does.</summary>
    public static XElement? TagSet(IReadOnlyList<Ec2Tag> tags) =>
        tags.Count == 0 ? null : Items("tagSet", tags, t => [E("key", t.Key), E("value", t.Value)]);

    public static XElement? NextToken(string? token) => Optional("nextToken", token);
}
