using System.CommandLine;
using System.Text.RegularExpressions;
using Gureum.Operator.Cli;
using Gureum.Operator.Local;
using Gureum.Testing;
using Xunit;

namespace Gureum.Operator.Tests.Cli;

/// <summary>What <c>--help</c> and the README say is what the commands do.</summary>
public sealed class HelpTextTests
{
    private static RootCommand Root(Action<LocalOptions>? onLocal = null) => GureumCommandLine.Build(new CommandHandlers(
        (_, _) => Task.FromResult(0),
        (options, _) => { onLocal?.Invoke(options); return Task.FromResult(0); },
        (_, _) => Task.FromResult(0)));

    private static async Task<string> HelpAsync(params string[] command)
    {
        var output = new StringWriter();
        await Root().Parse([.. command, "--help"]).InvokeAsync(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    /// <summary>Help lines wrap on narrow terminals; joined, a flag's text is one piece.</summary>
    private static string Flat(string help) => Regex.Replace(help, @"\s+", " ");

    [Fact]
    public async Task Port_is_the_https_port_the_kubeconfig_names()
    {
        var help = Flat(await HelpAsync("local"));
        var port = Regex.Match(help, @"--port <port> (?<text>.*?) \[default: 0\]").Groups["text"].Value;
        Assert.Contains("https", port, StringComparison.Ordinal);
        Assert.Contains("kubeconfig", port, StringComparison.Ordinal);
        Assert.DoesNotContain("plain HTTP", port, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Crds_help_names_the_file_it_writes_and_its_default_once()
    {
        var help = Flat(await HelpAsync("crds"));
        var written = CrdFiles.Plan(new CrdsOptions("crds", null)).Select(file => Path.GetFileName(file.Path)).ToList();
        Assert.Contains(CrdFiles.KustomizationFileName, written);
        Assert.Contains($"a file named {CrdFiles.KustomizationFileName}", help, StringComparison.Ordinal);
        Assert.DoesNotContain("kustomization.yaml", help, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(help, "default: crds"));
    }

    [Fact]
    public void No_option_states_a_default_that_System_CommandLine_prints_again()
    {
        var options = Commands(Root()).SelectMany(command => command.Options).Where(option => option.HasDefaultValue).ToList();
        Assert.NotEmpty(options);
        foreach (var option in options)
            Assert.False(option.Description?.Contains("default", StringComparison.OrdinalIgnoreCase) == true,
                $"{option.Name}: \"{option.Description}\" states a default and help adds [default: ...]");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("--live", true)]
    [InlineData("--live true", true)]
    [InlineData("--live false", false)]
    [InlineData("--live=false", false)]
    public async Task Live_parses_as_the_help_and_README_say(string? flags, bool? live)
    {
        LocalOptions? parsed = null;
        var args = new[] { "local" }.Concat(flags?.Split(' ') ?? []).ToArray();
        Assert.Equal(0, await Root(options => parsed = options).Parse(args).InvokeAsync());
        Assert.Equal(live, parsed!.LiveView);
    }

    [Fact]
    public async Task Live_is_documented_as_it_parses()
    {
        const string Documented = "--live or --live true: the live table; --live false: plain log lines; without the flag: the table when stdout is a terminal";
        Assert.Contains(Documented, Flat(await HelpAsync("local")), StringComparison.Ordinal);
        Assert.Contains("`--live` or `--live true`: the live table; `--live false`: plain log lines; without the flag: the table when stdout is a terminal",
            Flat(File.ReadAllText(RepoRoot.Combine("README.md"))), StringComparison.Ordinal);
    }

    [Fact]
    public void The_banner_and_the_README_use_the_same_namespace_and_commands()
    {
        var readme = File.ReadAllText(RepoRoot.Combine("README.md"));
        foreach (var command in LocalBanner.TryCommands.Concat(LocalBanner.AwsCommands))
            Assert.Contains(command, readme, StringComparison.Ordinal);
        var banner = LocalBanner.Text("id", [], new Uri("https://127.0.0.1:1/"), "AWS", null, "/s", "/s/kubeconfig", "/s/aws.env");
        Assert.Contains("kubectl apply -n demo -f deploy/samples/", banner, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_its_operator_the_banner_says_so_and_how_to_start_replicas()
    {
        var banner = LocalBanner.Text("id", [], new Uri("https://127.0.0.1:1/"), "AWS", null, "/s", "/s/kubeconfig", "/s/aws.env", runsOperator: false);
        Assert.Contains("no operator (--operator false)", banner, StringComparison.Ordinal);
        Assert.Contains("gureum run --kubeconfig /s/kubeconfig --leader-elect --lease-namespace default --metrics-port 0", banner, StringComparison.Ordinal);
        Assert.Contains(". /s/aws.env", banner, StringComparison.Ordinal);
    }

    private static IEnumerable<Command> Commands(Command command) => new[] { command }.Concat(command.Subcommands.SelectMany(Commands));
}
