using static Gureum.Local.Aws.Ec2.Ec2Xml;

namespace Gureum.Local.Aws.Ec2;

/// <summary>DescribeImages over the catalogue: ImageIds, Owners (<c>amazon</c>, <c>aws-marketplace</c>,
/// <c>self</c> or account ids), ExecutableBy ignored (all images are public), filters, paging.</summary>
internal sealed class Ec2ImageActions(Ec2ImageCatalog catalog, string accountId) : IEc2Actions
{
    private static readonly Ec2FilterSet<ImageState> Filters = new(new Dictionary<string, Func<ImageState, IEnumerable<string?>>>
    {
        ["image-id"] = i => [i.ImageId],
        ["name"] = i => [i.Name],
        ["description"] = i => [i.Description],
        ["owner-id"] = i => [i.OwnerId],
        ["owner-alias"] = i => [i.OwnerAlias],
        ["architecture"] = i => [i.Architecture],
        ["platform"] = i => [i.Platform],
        ["platform-details"] = i => [i.PlatformDetails],
        ["state"] = _ => ["available"],
        ["is-public"] = _ => ["true"],
        ["image-type"] = _ => ["machine"],
        ["root-device-type"] = _ => ["ebs"],
        ["virtualization-type"] = _ => ["hvm"],
        ["hypervisor"] = _ => ["xen"],
    }, _ => []);

    public IReadOnlyDictionary<string, Ec2Action> Actions => new Dictionary<string, Ec2Action>(StringComparer.Ordinal)
    {
        ["DescribeImages"] = Ec2Action.Read(DescribeImages),
    };

    private IEnumerable<object?> DescribeImages(Ec2Parameters p)
    {
        p.ThrowIfDryRun();
        var ids = p.List("ImageId");
        var owners = p.List("Owner");
        Ec2Ids.RequireAll(Ec2IdKind.Image, ids, id => catalog.Find(id) is not null);
        var selected = catalog.Images
            .Where(i => ids.Count == 0 || ids.Contains(i.ImageId))
            .Where(i => owners.Count == 0 || owners.Any(o => OwnedBy(i, o)))
            .OrderBy(i => i.Name, StringComparer.Ordinal);
        var (page, next) = Ec2Paging.Page(Filters.Apply(selected, p.Filters()), p, 1, 1000);
        return [Items("imagesSet", page, Image), NextToken(next)];
    }

    private bool OwnedBy(ImageState image, string owner) => owner switch
    {
        "self" => image.OwnerId == accountId,
        "amazon" or "aws-marketplace" or "aws-backup-vault" => image.OwnerAlias == owner,
        _ => image.OwnerId == owner,
    };

    private static IEnumerable<object?> Image(ImageState i) =>
    [
        E("imageId", i.ImageId),
        E("imageLocation", i.OwnerAlias is null ? $"{i.OwnerId}/{i.Name}" : $"{i.OwnerAlias}/{i.Name}"),
        E("imageState", "available"),
        E("imageOwnerId", i.OwnerId),
        E("creationDate", i.CreationDate),
        E("isPublic", "true"),
        E("architecture", i.Architecture),
        E("imageType", "machine"),
        Optional("platform", i.Platform),
        E("platformDetails", i.PlatformDetails),
        E("usageOperation", i.Platform == "windows" ? "RunInstances:0002" : "RunInstances"),
        Optional("imageOwnerAlias", i.OwnerAlias),
        E("name", i.Name),
        E("description", i.Description),
        E("rootDeviceType", "ebs"),
        E("rootDeviceName", i.Platform == "windows" ? "/dev/sda1" : "/dev/xvda"),
        Items("blockDeviceMapping", [i], image =>
        [
            E("deviceName", image.Platform == "windows" ? "/dev/sda1" : "/dev/xvda"),
            E("ebs",
                E("snapshotId", Ec2Ids.Derived("snap", image.ImageId)),
                E("volumeSize", image.RootVolumeSize),
                E("deleteOnTermination", "true"),
                E("volumeType", "gp3"),
                E("encrypted", "false")),
        ]),
        E("virtualizationType", "hvm"),
        E("hypervisor", "xen"),
        E("enaSupport", "true"),
        E("sriovNetSupport", "simple"),
        Optional("bootMode", i.BootMode),
        E("imdsSupport", "v2.0"),
    ];
}
