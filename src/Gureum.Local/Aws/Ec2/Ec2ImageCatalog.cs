namespace Gureum.Local.Aws.Ec2;

internal sealed record ImageState(
    string ImageId,
    string Name,
    string Description,
    string OwnerId,
    string? OwnerAlias,
    string Architecture,
    string? Platform,
    string PlatformDetails,
    string CreationDate,
    int RootVolumeSize,
    string? BootMode);

/// <summary>
/// The public images the emulator knows: Amazon-owned Amazon Linux 2023, Amazon Linux 2 and Windows Server
/// (owner alias <c>amazon</c>) and Canonical's Ubuntu (owner 099720109477, no alias, as on AWS), with AWS's
/// naming. Ids are derived from region and name, since an AMI id differs per region on AWS too.
/// </summary>
internal sealed class Ec2ImageCatalog
{
    public const string AmazonOwnerId = "137112412989";
    public const string WindowsOwnerId = "801119661308";
    public const string CanonicalOwnerId = "099720109477";

    public Ec2ImageCatalog(string region)
    {
        Images = Seeds().Select(s => s with { ImageId = Ec2Ids.Derived("ami", region, s.Name) }).ToList();
    }

    public IReadOnlyList<ImageState> Images { get; }

    public ImageState? Find(string imageId) => Images.FirstOrDefault(i => i.ImageId == imageId);

    private static IEnumerable<ImageState> Seeds()
    {
        foreach (var (version, date) in new[] { ("2023.6.20250115.0", "2025-01-15T19:11:55.000Z"), ("2023.9.20251117.1", "2025-11-17T22:05:31.000Z") })
            foreach (var arch in new[] { "x86_64", "arm64" })
            {
                yield return Amazon($"al2023-ami-{version}-kernel-6.1-{arch}", "Amazon Linux 2023 AMI " + version + " " + arch + " HVM kernel-6.1", arch, date, 8);
                yield return Amazon($"al2023-ami-minimal-{version}-kernel-6.1-{arch}", "Amazon Linux 2023 AMI " + version + " " + arch + " Minimal HVM kernel-6.1", arch, date, 2);
            }
        foreach (var arch in new[] { "x86_64", "arm64" })
            yield return Amazon($"amzn2-ami-kernel-5.10-hvm-2.0.20251110.0-{arch}-gp2", "Amazon Linux 2 Kernel 5.10 AMI 2.0.20251110.0 " + arch + " HVM gp2", arch, "2025-11-10T20:41:12.000Z", 8);
        yield return new ImageState("", "Windows_Server-2022-English-Full-Base-2025.11.12", "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
            WindowsOwnerId, "amazon", "x86_64", "windows", "Windows", "2025-11-12T07:32:18.000Z", 30, "uefi");
        foreach (var (codename, version, date) in new[] { ("jammy", "22.04", "20251105"), ("noble", "24.04", "20251112") })
            foreach (var (arch, ubuntuArch) in new[] { ("x86_64", "amd64"), ("arm64", "arm64") })
            {
                var disk = codename == "noble" ? "hvm-ssd-gp3" : "hvm-ssd";
                yield return new ImageState("", $"ubuntu/images/{disk}/ubuntu-{codename}-{version}-{ubuntuArch}-server-{date}",
                    $"Canonical, Ubuntu, {version}, {ubuntuArch} {codename} image", CanonicalOwnerId, null, arch, null, "Linux/UNIX",
                    $"{date[..4]}-{date[4..6]}-{date[6..]}T10:21:07.000Z", 8, null);
            }
    }

    private static ImageState Amazon(string name, string description, string arch, string date, int size) =>
        new("", name, description, AmazonOwnerId, "amazon", arch, null, "Linux/UNIX", date, size, "uefi-preferred");
}
