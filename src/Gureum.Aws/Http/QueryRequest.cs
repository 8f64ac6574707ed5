using System.Globalization;
using System.Text;

namespace Gureum.Aws.Http;

/// <summary>A Query-protocol request body (Auto Scaling, ELBv2, IAM, STS): <c>Action</c>, <c>Version</c>,
/// scalar parameters, lists as <c>Name.member.N</c> and maps as <c>Name.entry.N.key/value</c>.</summary>
internal sealed class QueryRequest(string action, string version)
{
    private readonly List<KeyValuePair<string, string>> _parameters = [new("Action", action), new("Version", version)];

    public string Action { get; } = action;

    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    public QueryRequest Add(string name, string? value)
    {
        if (value is not null) _parameters.Add(new(name, value));
        return this;
    }

    public QueryRequest Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryRequest Add(string name, bool? value) => Add(name, value switch { null => null, true => "true", false => "false" });

    /// <summary><c>Name.member.1=a&amp;Name.member.2=b</c>; an empty list sends <c>Name=</c> so AWS sees "set to empty".</summary>
    public QueryRequest AddList(string name, IReadOnlyList<string>? values, bool sendEmpty = false)
    {
        if (values is null) return this;
        if (values.Count == 0)
            return sendEmpty ? Add(name, "") : this;
        for (var i = 0; i < values.Count; i++)
            Add($"{name}.member.{i + 1}", values[i]);
        return this;
    }

    /// <summary>A list of structures: <c>Name.member.N.Field</c>, each item adding its own fields under its prefix.</summary>
    public QueryRequest AddStructList<T>(string name, IReadOnlyList<T>? items, Action<QueryRequest, string, T> addItem)
    {
        if (items is null) return this;
        for (var i = 0; i < items.Count; i++)
            addItem(this, $"{name}.member.{i + 1}.", items[i]);
        return this;
    }

    public QueryRequest AddMap(string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null) return this;
        var i = 1;
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Add($"{name}.entry.{i}.key", key);
            Add($"{name}.entry.{i}.value", value);
            i++;
        }
        return this;
    }

    /// <summary>The form body, percent-encoded per RFC 3986 as SigV4 canonicalisation expects.</summary>
    public string Encode()
    {
        var body = new StringBuilder();
        foreach (var (name, value) in _parameters)
        {
            if (body.Length > 0) body.Append('&');
            body.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return body.ToString();
    }
}
