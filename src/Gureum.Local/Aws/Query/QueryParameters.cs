using System.Collections.Specialized;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gureum.Local.Aws.Query;

/// <summary>The parameters of one Query request, with the model's validation. Failures are AWS's
/// <c>ValidationError</c> (400) worded as AWS words them: "1 validation error detected: Value 'x' at
/// 'roleName' failed to satisfy constraint: ...".</summary>
internal sealed class QueryParameters(NameValueCollection values)
{
    public string? Optional(string name) => values[name];

    /// <summary>Whether any parameter starts with <paramref name="prefix"/> (a structure was given).</summary>
    public bool HasPrefix(string prefix) => values.AllKeys.Any(k => k is not null && k.StartsWith(prefix, StringComparison.Ordinal));

    public string Required(string name) =>
        values[name] ?? throw Validation($"Value null at '{Member(name)}' failed to satisfy constraint: Member must not be null");

    /// <summary>A string member checked against its model constraints (length and pattern); null when absent.</summary>
    public string? String(string name, int min, int max, ModelPattern? pattern = null, bool required = false)
    {
        var value = required ? Required(name) : Optional(name);
        if (value is null)
            return null;
        if (value.Length < min)
            throw Validation($"Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        if (value.Length > max)
            throw Validation($"Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        if (pattern is not null && !pattern.Regex.IsMatch(value))
            throw Validation($"Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern.Text}");
        return value;
    }

    public string RequiredString(string name, int min, int max, ModelPattern? pattern = null) =>
        String(name, min, max, pattern, required: true)!;

    public int? Int(string name, int min, int max)
    {
        var text = Optional(name);
        if (text is null)
            return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Validation($"Value '{text}' at '{Member(name)}' failed to satisfy constraint: Member must be an integer");
        if (value < min)
            throw Validation($"Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must have value greater than or equal to {min}");
        if (value > max)
            throw Validation($"Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must have value less than or equal to {max}");
        return value;
    }

    /// <summary>A member of an enum shape: AWS refuses other values with the model's list.</summary>
    public string? Enum(string name, IReadOnlyList<string> values)
    {
        var value = Optional(name);
        if (value is null || values.Contains(value))
            return value;
        throw Validation($"Value '{value}' at '{Member(name)}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", values)}]");
    }

    public bool? Bool(string name) => Optional(name) switch
    {
        null => null,
        var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
        var text => throw Validation($"Value '{text}' at '{Member(name)}' failed to satisfy constraint: Member must be a boolean"),
    };

    /// <summary><c>Name.member.1</c>, <c>Name.member.2</c>, ... in order.</summary>
    public IReadOnlyList<string> List(string name, int max)
    {
        var items = new List<string>();
        for (var i = 1; values[$"{name}.member.{i}"] is { } item; i++)
            items.Add(item);
        return Checked(name, items, max);
    }

    /// <summary><c>Name.member.N.Field</c> structures, each read by <paramref name="read"/> from its prefix.</summary>
    public IReadOnlyList<T> StructList<T>(string name, int max, Func<string, T> read)
    {
        var items = new List<T>();
        for (var i = 1; values.AllKeys.Any(k => k is not null && k.StartsWith($"{name}.member.{i}.", StringComparison.Ordinal)); i++)
            items.Add(read($"{name}.member.{i}."));
        return Checked(name, items, max);
    }

    public static AwsErrorException Validation(string detail) =>
        new(new AwsError(400, "ValidationError", "1 validation error detected: " + detail));

    private static IReadOnlyList<T> Checked<T>(string name, List<T> items, int max) =>
        items.Count <= max ? items
        : throw Validation($"Value '[...]' at '{Member(name)}' failed to satisfy constraint: Member must have length less than or equal to {max}");

    /// <summary>The model's member name as AWS prints it in validation messages: RoleName is roleName,
    /// Tags.member.1.Key is tags.1.member.key.</summary>
    private static string Member(string name)
    {
        var parts = name.Split('.');
        if (parts is [var list, "member", var index, var field])
            return $"{Lower(list)}.{index}.member.{Lower(field)}";
        return string.Join('.', parts.Select(Lower));
    }

    private static string Lower(string part) => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..];
}

/// <summary>A pattern from the service model: its text as AWS prints it, and a regex matching the whole
/// value (the model's <c>\w</c> is ASCII only, as in the Java services).</summary>
internal sealed record ModelPattern(string Text, Regex Regex)
{
    public static ModelPattern Of(string text, string? dotnetPattern = null) =>
        new(text, new Regex("^(?:" + (dotnetPattern ?? text) + ")$", RegexOptions.CultureInvariant));
}
