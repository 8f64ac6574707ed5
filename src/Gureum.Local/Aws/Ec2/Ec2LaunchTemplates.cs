using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Gureum.Local.Aws.Ec2;

internal sealed record LtBlockDevice(string DeviceName, int? VolumeSize, string? VolumeType, bool? DeleteOnTermination, bool? Encrypted, int? Iops);

internal sealed record LtTagSpecification(string ResourceType, IReadOnlyList<Ec2Tag> Tags);

/// <summary>The launch template data the emulator keeps (what Gureum and most users set).</summary>
internal sealed record LaunchTemplateData
{
    public string? ImageId { get; init; }
    public string? InstanceType { get; init; }
    public string? KeyName { get; init; }
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }
    public string? UserData { get; init; }
    public string? IamInstanceProfileArn { get; init; }
    public string? IamInstanceProfileName { get; init; }
    public string? HttpTokens { get; init; }
    public int? HttpPutResponseHopLimit { get; init; }
    public string? HttpEndpoint { get; init; }
    public IReadOnlyList<LtBlockDevice>? BlockDeviceMappings { get; init; }
    public IReadOnlyList<LtTagSpecification>? TagSpecifications { get; init; }

    /// <summary>A new version made from a source version: what the request sets replaces the source's member.</summary>
    public LaunchTemplateData Over(LaunchTemplateData source) => new()
    {
        ImageId = ImageId ?? source.ImageId,
        InstanceType = InstanceType ?? source.InstanceType,
        KeyName = KeyName ?? source.KeyName,
        SecurityGroupIds = SecurityGroupIds ?? source.SecurityGroupIds,
        UserData = UserData ?? source.UserData,
        IamInstanceProfileArn = IamInstanceProfileArn ?? (IamInstanceProfileName is null ? source.IamInstanceProfileArn : null),
        IamInstanceProfileName = IamInstanceProfileName ?? (IamInstanceProfileArn is null ? source.IamInstanceProfileName : null),
        HttpTokens = HttpTokens ?? source.HttpTokens,
        HttpPutResponseHopLimit = HttpPutResponseHopLimit ?? source.HttpPutResponseHopLimit,
        HttpEndpoint = HttpEndpoint ?? source.HttpEndpoint,
        BlockDeviceMappings = BlockDeviceMappings ?? source.BlockDeviceMappings,
        TagSpecifications = TagSpecifications ?? source.TagSpecifications,
    };

    /// <summary>The user data decoded, or null.</summary>
    public string? DecodedUserData() =>
        UserData is null ? null : Encoding.UTF8.GetString(Convert.FromBase64String(UserData));
}

internal sealed record LaunchTemplateVersionState(long VersionNumber, string? Description, DateTimeOffset CreateTime, LaunchTemplateData Data);

internal sealed record LaunchTemplateState
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset CreateTime { get; init; }
    public long DefaultVersion { get; set; } = 1;
    public List<Ec2Tag> Tags { get; set; } = [];
    public List<LaunchTemplateVersionState> Versions { get; init; } = [];
    /// <summary>Client tokens already answered, so a retried create answers the same template.</summary>
    public List<string> ClientTokens { get; init; } = [];

    [JsonIgnore]
    public long LatestVersion => Versions.Max(v => v.VersionNumber);
}

internal sealed record Ec2LaunchTemplatesSnapshot(List<LaunchTemplateState> Templates);

/// <summary>
/// Launch templates and their versions, behind one lock, persisted to <c>StateDir/aws/ec2-launch-templates.json</c>.
/// As on AWS the data is not checked against images at create (CreateLaunchTemplate answers a <c>warning</c> for an
/// unknown AMI); the AMI is checked when an instance is launched from it.
/// </summary>
internal sealed partial class Ec2LaunchTemplates
{
    public const int MaxUserDataBytes = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly List<LaunchTemplateState> _templates = [];
    private readonly JsonStateFile<Ec2LaunchTemplatesSnapshot>? _file;
    private readonly TimeProvider _time;

    public Ec2LaunchTemplates(TimeProvider time, string? stateFile)
    {
        _time = time;
        if (stateFile is null)
            return;
        _file = new JsonStateFile<Ec2LaunchTemplatesSnapshot>(stateFile);
        if (_file.Load() is { } snapshot)
            _templates.AddRange(snapshot.Templates);
    }

    public static readonly Ec2IdKind Kind = new("lt", "InvalidLaunchTemplateId",
        ids => $"The specified launch template, with template ID {ids[0]}, does not exist.");

    public LaunchTemplateState Create(string name, string? description, LaunchTemplateData data, IReadOnlyList<Ec2Tag> tags, string? clientToken)
    {
        CheckName(name);
        Check(data);
        lock (_gate)
        {
            if (clientToken is not null && _templates.FirstOrDefault(t => t.ClientTokens.Contains(clientToken)) is { } again)
                return Copy(again);
            if (_templates.Any(t => t.Name == name))
                throw Ec2Errors.Error("InvalidLaunchTemplateName.AlreadyExistsException",
                    $"Launch template name already in use.");
            var now = _time.GetUtcNow();
            var template = new LaunchTemplateState
            {
                Id = Ec2Ids.Random("lt"),
                Name = name,
                CreateTime = now,
                Tags = [.. tags],
                Versions = [new LaunchTemplateVersionState(1, description, now, data)],
                ClientTokens = clientToken is null ? [] : [clientToken],
            };
            _templates.Add(template);
            Save();
            return Copy(template);
        }
    }

    public (LaunchTemplateState Template, LaunchTemplateVersionState Version) CreateVersion(string? id, string? name, string? sourceVersion,
        string? description, LaunchTemplateData data, string? clientToken)
    {
        lock (_gate)
        {
            var template = Find(id, name);
            if (clientToken is not null && template.ClientTokens.Contains(clientToken))
                return (Copy(template), template.Versions.Last());
            if (sourceVersion is not null)
                data = data.Over(Version(template, sourceVersion).Data);
            Check(data);
            var version = new LaunchTemplateVersionState(template.LatestVersion + 1, description, _time.GetUtcNow(), data);
            template.Versions.Add(version);
            if (clientToken is not null)
                template.ClientTokens.Add(clientToken);
            Save();
            return (Copy(template), version);
        }
    }

    public IReadOnlyList<LaunchTemplateState> Describe(IReadOnlyList<string> ids, IReadOnlyList<string> names)
    {
        lock (_gate)
        {
            Ec2Ids.RequireAll(Kind, ids, id => _templates.Any(t => t.Id == id), "InvalidLaunchTemplateId.NotFound");
            if (names.FirstOrDefault(n => _templates.All(t => t.Name != n)) is not null)
                throw NameNotFound();
            return _templates
                .Where(t => ids.Count == 0 || ids.Contains(t.Id))
                .Where(t => names.Count == 0 || names.Contains(t.Name))
                .OrderBy(t => t.CreateTime).Select(Copy).ToList();
        }
    }

    /// <summary>The versions asked for (<c>$Latest</c>, <c>$Default</c>, numbers), or all between min and max.</summary>
    public (LaunchTemplateState Template, IReadOnlyList<LaunchTemplateVersionState> Versions) DescribeVersions(string? id, string? name,
        IReadOnlyList<string> versions, long? min, long? max)
    {
        lock (_gate)
        {
            var template = Find(id, name);
            IReadOnlyList<LaunchTemplateVersionState> found = versions.Count > 0
                ? versions.Select(v => Version(template, v)).ToList()
                : template.Versions.Where(v => (min is null || v.VersionNumber >= min) && (max is null || v.VersionNumber <= max)).ToList();
            return (Copy(template), found);
        }
    }

    public LaunchTemplateState SetDefault(string? id, string? name, string version)
    {
        lock (_gate)
        {
            var template = Find(id, name);
            template.DefaultVersion = Version(template, version).VersionNumber;
            Save();
            return Copy(template);
        }
    }

    public LaunchTemplateState Delete(string? id, string? name)
    {
        lock (_gate)
        {
            var template = Find(id, name);
            _templates.Remove(template);
            Save();
            return template;
        }
    }

    /// <summary>Resolves a template and a version (<c>$Default</c> when null) for a launch; the errors are EC2's.</summary>
    public (LaunchTemplateState Template, LaunchTemplateVersionState Version) Resolve(string? id, string? name, string? version)
    {
        lock (_gate)
        {
            var template = Find(id, name);
            return (Copy(template), Version(template, version ?? "$Default"));
        }
    }

    public bool Exists(string id)
    {
        lock (_gate)
            return _templates.Any(t => t.Id == id);
    }

    public void Tag(string id, IReadOnlyList<Ec2Tag> add, IReadOnlyList<(string Key, string? Value)>? remove)
    {
        lock (_gate)
        {
            var template = _templates.First(t => t.Id == id);
            template.Tags = Ec2TagEdits.Apply(template.Tags, add, remove);
            Save();
        }
    }

    private LaunchTemplateState Find(string? id, string? name)
    {
        if (id is not null)
        {
            if (!Ec2Ids.IsWellFormed(Kind, id))
                throw Ec2Errors.Error("InvalidLaunchTemplateId.Malformed", $"The specified ID ({id}) is not valid. Specify a valid launch template ID.");
            return _templates.FirstOrDefault(t => t.Id == id)
                ?? throw Ec2Errors.Error("InvalidLaunchTemplateId.NotFound", Kind.NotFoundMessage([id]));
        }
        if (name is not null)
            return _templates.FirstOrDefault(t => t.Name == name) ?? throw NameNotFound();
        throw Ec2Errors.MissingParameter("launch template ID or launch template name");
    }

    private static AwsErrorException NameNotFound() =>
        Ec2Errors.Error("InvalidLaunchTemplateName.NotFoundException",
            "At least one of the launch templates specified in the request does not exist.");

    private static LaunchTemplateVersionState Version(LaunchTemplateState template, string version)
    {
        long? number = version switch
        {
            "$Latest" => template.LatestVersion,
            "$Default" => template.DefaultVersion,
            _ => long.TryParse(version, out var n) ? n : null,
        };
        if (number is null)
            throw Ec2Errors.InvalidParameterValue($"Invalid launch template version: version must be $Latest, $Default or a number, not '{version}'.");
        return template.Versions.FirstOrDefault(v => v.VersionNumber == number)
            ?? throw Ec2Errors.Error("InvalidLaunchTemplateId.VersionNotFound",
                $"Could not find launch template version {number} for launch template ID {template.Id}.");
    }

    private static void CheckName(string name)
    {
        if (name.Length is < 3 or > 128 || !NamePattern().IsMatch(name))
            throw Ec2Errors.Error("InvalidLaunchTemplateName.MalformedException",
                "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
    }

    /// <summary>User data must be base64 of at most 16 KB (AWS's limit applies to the raw data, before encoding).</summary>
    private static void Check(LaunchTemplateData data)
    {
        if (data.UserData is { } userData)
        {
            var bytes = new byte[userData.Length];
            if (!Convert.TryFromBase64String(userData, bytes, out var length))
                throw Ec2Errors.Error("InvalidUserData.Malformed", "Invalid BASE64 encoding of user data.");
            if (length > MaxUserDataBytes)
                throw Ec2Errors.Error("InvalidUserData.Malformed", $"User data is limited to {MaxUserDataBytes} bytes");
        }
        if (data.HttpTokens is { } tokens && tokens is not ("optional" or "required"))
            throw Ec2Errors.InvalidParameterValue($"The value '{tokens}' for HttpTokens is not valid. Valid values are: optional, required.");
        foreach (var spec in data.TagSpecifications ?? [])
            if (spec.ResourceType is not ("instance" or "volume" or "network-interface" or "spot-instances-request"))
                throw Ec2Errors.InvalidParameterValue($"'{spec.ResourceType}' is not a valid taggable resource type for this operation.");
    }

    private void Save() => _file?.Save(new Ec2LaunchTemplatesSnapshot([.. _templates]));

    private static LaunchTemplateState Copy(LaunchTemplateState t) => t with
    {
        Tags = [.. t.Tags],
        Versions = [.. t.Versions],
        ClientTokens = [.. t.ClientTokens],
    };

    [GeneratedRegex(@"^[a-zA-Z0-9\(\)\.\-/_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

/// <summary>CreateTags/DeleteTags edits: a key set again replaces its value; a removal with a value removes
/// the tag only when the value matches, as EC2 does.</summary>
internal static class Ec2TagEdits
{
    public static List<Ec2Tag> Apply(IReadOnlyList<Ec2Tag> tags, IReadOnlyList<Ec2Tag> add, IReadOnlyList<(string Key, string? Value)>? remove)
    {
        var result = tags.Where(t => add.All(a => a.Key != t.Key)).Concat(add).ToList();
        if (remove is not null)
            result.RemoveAll(t => remove.Any(r => r.Key == t.Key && (r.Value is null || r.Value == t.Value)));
        return result;
    }
}
