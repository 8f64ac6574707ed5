using System.Globalization;
using static Gureum.Local.Aws.Ec2.Ec2Xml;

namespace Gureum.Local.Aws.Ec2;

/// <summary>CreateLaunchTemplate, CreateLaunchTemplateVersion, DescribeLaunchTemplates, DescribeLaunchTemplateVersions,
/// ModifyLaunchTemplate and DeleteLaunchTemplate over <see cref="Ec2LaunchTemplates"/>.</summary>
internal sealed class Ec2LaunchTemplateActions(Ec2LaunchTemplates store, Ec2ImageCatalog images, string accountId) : IEc2Actions
{
    private static readonly Ec2FilterSet<LaunchTemplateState> Filters = new(new Dictionary<string, Func<LaunchTemplateState, IEnumerable<string?>>>
    {
        ["launch-template-name"] = t => [t.Name],
        ["create-time"] = t => [Time(t.CreateTime)],
    }, t => t.Tags);

    public IReadOnlyDictionary<string, Ec2Action> Actions => new Dictionary<string, Ec2Action>(StringComparer.Ordinal)
    {
        ["CreateLaunchTemplate"] = Ec2Action.Write(CreateLaunchTemplate),
        ["CreateLaunchTemplateVersion"] = Ec2Action.Write(CreateLaunchTemplateVersion),
        ["DescribeLaunchTemplates"] = Ec2Action.Read(DescribeLaunchTemplates),
        ["DescribeLaunchTemplateVersions"] = Ec2Action.Read(DescribeLaunchTemplateVersions),
        ["ModifyLaunchTemplate"] = Ec2Action.Write(ModifyLaunchTemplate),
        ["DeleteLaunchTemplate"] = Ec2Action.Write(DeleteLaunchTemplate),
    };

    private IEnumerable<object?> CreateLaunchTemplate(Ec2Parameters p)
    {
        var name = p.Required("LaunchTemplateName");
        var data = Data(p, required: true);
        var tags = p.TagsFor("launch-template");
        p.ThrowIfDryRun();
        var template = store.Create(name, p.Optional("VersionDescription"), data, tags, p.Optional("ClientToken"));
        return [E("launchTemplate", Template(template)), Warning(data)];
    }

    private IEnumerable<object?> CreateLaunchTemplateVersion(Ec2Parameters p)
    {
        var data = Data(p, required: true);
        p.ThrowIfDryRun();
        var (template, version) = store.CreateVersion(p.Optional("LaunchTemplateId"), p.Optional("LaunchTemplateName"),
            p.Optional("SourceVersion"), p.Optional("VersionDescription"), data, p.Optional("ClientToken"));
        return [E("launchTemplateVersion", Version(template, version)), Warning(version.Data)];
    }

    private IEnumerable<object?> DescribeLaunchTemplates(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var all = store.Describe(p.List("LaunchTemplateId"), p.List("LaunchTemplateName"));
        var (page, next) = Ec2Paging.Page(Filters.Apply(all, p.Filters()), p, 1, 200);
        return [Items("launchTemplates", page, Template), NextToken(next)];
    }

    private IEnumerable<object?> DescribeLaunchTemplateVersions(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var (template, versions) = store.DescribeVersions(p.Optional("LaunchTemplateId"), p.Optional("LaunchTemplateName"),
            p.List("LaunchTemplateVersion"), Long(p, "MinVersion"), Long(p, "MaxVersion"));
        if (p.Filters() is [var filter, ..])
            throw Ec2Errors.InvalidFilter(filter.Name);
        var (page, next) = Ec2Paging.Page(versions, p, 1, 200);
        return [Items("launchTemplateVersionSet", page, v => Version(template, v)), NextToken(next)];
    }

    private IEnumerable<object?> ModifyLaunchTemplate(Ec2Parameters p)
    {
        var version = p.Optional("SetDefaultVersion");
        p.ThrowIfDryRun();
        var id = p.Optional("LaunchTemplateId");
        var name = p.Optional("LaunchTemplateName");
        var template = version is null ? store.Resolve(id, name, null).Template : store.SetDefault(id, name, version);
        return [E("launchTemplate", Template(template))];
    }

    private IEnumerable<object?> DeleteLaunchTemplate(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        return [E("launchTemplate", Template(store.Delete(p.Optional("LaunchTemplateId"), p.Optional("LaunchTemplateName"))))];
    }

    private static long? Long(Ec2Parameters p, string name) =>
        p.Optional(name) is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
              : throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter {name} is invalid.")
            : null;

    /// <summary>LaunchTemplateData.* in EC2's flattened form.</summary>
    public static LaunchTemplateData Data(Ec2Parameters p, bool required)
    {
        const string d = "LaunchTemplateData.";
        if (required && !p.HasPrefix(d))
            throw Ec2Errors.MissingParameter("LaunchTemplateData");
        var devices = new List<LtBlockDevice>();
        for (var i = 1; p.Optional($"{d}BlockDeviceMapping.{i}.DeviceName") is { } device; i++)
        {
            var ebs = $"{d}BlockDeviceMapping.{i}.Ebs.";
            devices.Add(new LtBlockDevice(device, p.Int(ebs + "VolumeSize", 1, 65536), p.Optional(ebs + "VolumeType"),
                p.Optional(ebs + "DeleteOnTermination") is null ? null : p.Bool(ebs + "DeleteOnTermination"),
                p.Optional(ebs + "Encrypted") is null ? null : p.Bool(ebs + "Encrypted"), p.Int(ebs + "Iops", 100, 256000)));
        }
        var specs = new List<LtTagSpecification>();
        for (var i = 1; p.Optional($"{d}TagSpecification.{i}.ResourceType") is { } type; i++)
        {
            var tags = new List<Ec2Tag>();
            for (var j = 1; p.Optional($"{d}TagSpecification.{i}.Tag.{j}.Key") is { } key; j++)
                tags.Add(new Ec2Tag(key, p.Optional($"{d}TagSpecification.{i}.Tag.{j}.Value") ?? ""));
            specs.Add(new LtTagSpecification(type, tags));
        }
        var groups = p.List(d + "SecurityGroupId");
        return new LaunchTemplateData
        {
            ImageId = p.Optional(d + "ImageId"),
            InstanceType = p.Optional(d + "InstanceType"),
            KeyName = p.Optional(d + "KeyName"),
            SecurityGroupIds = groups.Count == 0 ? null : groups,
            UserData = p.Optional(d + "UserData"),
            IamInstanceProfileArn = p.Optional(d + "IamInstanceProfile.Arn"),
            IamInstanceProfileName = p.Optional(d + "IamInstanceProfile.Name"),
            HttpTokens = p.Optional(d + "MetadataOptions.HttpTokens"),
            HttpPutResponseHopLimit = p.Int(d + "MetadataOptions.HttpPutResponseHopLimit", 1, 64),
            HttpEndpoint = p.Optional(d + "MetadataOptions.HttpEndpoint"),
            BlockDeviceMappings = devices.Count == 0 ? null : devices,
            TagSpecifications = specs.Count == 0 ? null : specs,
        };
    }

    /// <summary>AWS accepts a template naming an unknown AMI and says so in a <c>warning</c>; launches then fail.</summary>
    private System.Xml.Linq.XElement? Warning(LaunchTemplateData data) =>
        data.ImageId is { } image && images.Find(image) is null
            ? E("warning", Items("errorSet", [image], i => [E("code", "InvalidAMIID.NotFound"), E("message", $"The image id '[{i}]' does not exist")]))
            : null;

    private IEnumerable<object?> Template(LaunchTemplateState t) =>
    [
        E("launchTemplateId", t.Id),
        E("launchTemplateName", t.Name),
        E("createTime", Time(t.CreateTime)),
        E("createdBy", $"arn:aws:iam::{accountId}:root"),
        E("defaultVersionNumber", t.DefaultVersion),
        E("latestVersionNumber", t.LatestVersion),
        TagSet(t.Tags),
    ];

    private IEnumerable<object?> Version(LaunchTemplateState t, LaunchTemplateVersionState v) =>
    [
        E("launchTemplateId", t.Id),
        E("launchTemplateName", t.Name),
        E("versionNumber", v.VersionNumber),
        Optional("versionDescription", v.Description),
        E("createTime", Time(v.CreateTime)),
        E("createdBy", $"arn:aws:iam::{accountId}:root"),
        E("defaultVersion", Ec2Values.Bool(v.VersionNumber == t.DefaultVersion)),
        E("launchTemplateData", DataContent(v.Data).ToArray()),
    ];

    private static IEnumerable<object?> DataContent(LaunchTemplateData d) =>
    [
        d.IamInstanceProfileArn is null && d.IamInstanceProfileName is null ? null
            : E("iamInstanceProfile", Optional("arn", d.IamInstanceProfileArn), Optional("name", d.IamInstanceProfileName)),
        d.BlockDeviceMappings is null ? null : Items("blockDeviceMappingSet", d.BlockDeviceMappings, b =>
        [
            E("deviceName", b.DeviceName),
            E("ebs",
                Optional("encrypted", b.Encrypted is { } e ? Ec2Values.Bool(e) : null),
                Optional("deleteOnTermination", b.DeleteOnTermination is { } x ? Ec2Values.Bool(x) : null),
                Optional("iops", b.Iops),
                Optional("volumeSize", b.VolumeSize),
                Optional("volumeType", b.VolumeType)),
        ]),
        Optional("imageId", d.ImageId),
        Optional("instanceType", d.InstanceType),
        Optional("keyName", d.KeyName),
        Optional("userData", d.UserData),
        d.TagSpecifications is null ? null : Items("tagSpecificationSet", d.TagSpecifications, s =>
            [E("resourceType", s.ResourceType), Items("tagSet", s.Tags, t => [E("key", t.Key), E("value", t.Value)])]),
        d.SecurityGroupIds is null ? null : Items("securityGroupIdSet", d.SecurityGroupIds, g => [g]),
        d.HttpTokens is null && d.HttpPutResponseHopLimit is null && d.HttpEndpoint is null ? null
            : E("metadataOptions", Optional("httpTokens", d.HttpTokens), Optional("httpPutResponseHopLimit", d.HttpPutResponseHopLimit),
                Optional("httpEndpoint", d.HttpEndpoint)),
    ];

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

