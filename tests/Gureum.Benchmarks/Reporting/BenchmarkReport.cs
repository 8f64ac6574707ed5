using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gureum.Benchmarks.Reporting;

/// <summary>One measured figure: a stable key for machines, a value and its unit.</summary>
internal sealed record Figure(string Key, double Value, string Unit, string? Label = null);

/// <summary>What one benchmark run found: parameters, figures, and notes that explain them.</summary>
internal sealed record BenchmarkReport(
    string Benchmark,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<string> Notes)
{
    public bool Succeeded { get; init; } = true;

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"== {Benchmark} ({(Succeeded ? "ok" : "FAILED")})");
        text.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        foreach (var (name, value) in Parameters)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {name} = {value}");
        var width = Figures.Count == 0 ? 0 : Figures.Max(f => (f.Label ?? f.Key).Length);
        foreach (var figure in Figures)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {(figure.Label ?? figure.Key).PadRight(width)}  {Format(figure.Value)} {figure.Unit}");
        foreach (var note in Notes)
            text.AppendLine(CultureInfo.InvariantCulture, $"  note: {note}");
        return text.ToString();
    }

    public string ToJson()
    {
        var figures = new JsonObject();
        foreach (var figure in Figures)
            figures[figure.Key] = new JsonObject { ["value"] = double.IsFinite(figure.Value) ? figure.Value : null, ["unit"] = figure.Unit };
        var parameters = new JsonObject();
        foreach (var (name, value) in Parameters)
            parameters[name] = value;
        var root = new JsonObject
        {
            ["benchmark"] = Benchmark,
            ["succeeded"] = Succeeded,
            ["machine"] = new JsonObject
            {
                ["processorCount"] = Environment.ProcessorCount,
                ["os"] = Environment.OSVersion.ToString(),
                ["runtime"] = Environment.Version.ToString(),
            },
            ["parameters"] = parameters,
            ["figures"] = figures,
            ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)n)]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Format(double value) =>
        double.IsFinite(value) && Math.Abs(value - Math.Round(value)) < 1e-9 && Math.Abs(value) < 1e15
            ? ((long)Math.Round(value)).ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>Collects figures in order while a benchmark runs.</summary>
internal sealed class ReportBuilder(string benchmark)
{
    private readonly Dictionary<string, string> _parameters = [];
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public ReportBuilder Parameter(string name, object value)
    {
        _parameters[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return this;
    }

    public ReportBuilder Add(string key, double value, string unit, string? label = null)
    {
        _figures.Add(new Figure(key, value, unit, label));
        return this;
    }

    public ReportBuilder Note(string note)
    {
        _notes.Add(note);
        return this;
    }

    public BenchmarkReport Build(bool succeeded = true) => new(benchmark, _parameters, _figures, _notes) { Succeeded = succeeded };
}
