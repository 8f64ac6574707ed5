using Gureum.Testing;
using Gureum.Api.Crds;
using Gureum.Operator.Cli;
using Xunit;

namespace Gureum.Operator.Tests.Cli;

public sealed class CrdFilesTests
{
    private static readonly string Root = RepoRoot.Path;

    [Fact]
    public void Committed_crds_chart_copy_and_kustomization_equal_what_gureum_crds_writes()
    {
        // Regenerate with `gureum crds` from the repository root, or GUREUM_UPDATE_CRDS=1 dotnet test (as for the Api test).
        var options = new CrdsOptions(Path.Combine(Root, "crds"), Path.Combine(Root, "charts", "gureum", "crds"));
        if (Environment.GetEnvironmentVariable("GUREUM_UPDATE_CRDS") == "1")
            CrdFiles.Write(options, TextWriter.Null);
        var plan = CrdFiles.Plan(options);
        Assert.Equal(CrdGenerator.GenerateAll().Count * 2 + 1, plan.Count);
        foreach (var file in plan)
        {
            Assert.True(File.Exists(file.Path), $"{Path.GetRelativePath(Root, file.Path)} is missing: run `gureum crds`");
            Assert.True(file.Content == File.ReadAllText(file.Path), $"{Path.GetRelativePath(Root, file.Path)} is stale: run `gureum crds`");
        }
        var chartFiles = Directory.GetFiles(Path.Combine(Root, "charts", "gureum", "crds")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(CrdGenerator.GenerateAll().Select(c => c.FileName).Order(StringComparer.Ordinal), chartFiles);
    }

    [Fact]
    public void Kustomization_lists_every_crd_and_nothing_else()
    {
        var text = CrdFiles.Kustomization(CrdGenerator.GenerateAll());
        var resources = text.Split('\n').Where(line => line.StartsWith("  - ", StringComparison.Ordinal)).Select(line => line[4..]);
        Assert.Equal(CrdGenerator.GenerateAll().Select(c => c.FileName), resources);
        Assert.Contains("kind: Kustomization", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Kustomization_has_no_yaml_extension_so_kubectl_apply_f_skips_it()
    {
        Assert.DoesNotContain('.', CrdFiles.KustomizationFileName);
    }

    [Fact]
    public void Write_creates_the_folders_and_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gureum-crds-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new CrdsOptions(Path.Combine(dir, "crds"), GureumCommandLine.DefaultChartFolder(Path.Combine(dir, "crds")));
            using var output = new StringWriter();
            Assert.Equal(0, CrdFiles.Write(options, output));
            Assert.Equal(Path.Combine(dir, "charts", "gureum", "crds"), options.ChartOutput);
            Assert.Equal(6, Directory.GetFiles(Path.Combine(dir, "crds")).Length);
            Assert.Equal(5, Directory.GetFiles(options.ChartOutput!).Length);
            Assert.Equal(11, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
