using System.Collections.Specialized;
using System.Globalization;

namespace Gureum.Local.Aws.Ec2;

/// <summary>The parameters of one EC2 request. EC2's protocol flattens lists without <c>member</c>:
/// <c>SubnetId.1</c>, <c>Filter.1.Name</c>, <c>Filter.1.Value.1</c>, <c>TagSpecification.1.Tag.1.Key</c>.</summary>
internal sealed class Ec2Parameters(NameValueCollection values)
{
    public string? Optional(string name) => values[name];

    /// <summary>Whether any parameter starts with <paramref name="prefix"/> (a structure was given).</summary>
    public bool HasPrefix(string prefix) => values.AllKeys.Any(k => k is not null && k.StartsWith(prefix, StringComparison.Ordinal));

    public string Required(string name) =>
        values[name] is { Length: > 0 } value ? value : throw Ec2Errors.MissingParameter(name);

    /// <summary><c>Name.1</c>, <c>Name.2</c>, ... in order.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var items = new List<string>();
        for (var i = 1; values[$"{name}.{i}"] is { } item; i++)
            items.Add(item);
        return items;
    }

    public IReadOnlyList<Ec2Filter> Filters()
    {
        var filters = new List<Ec2Filter>();
        for (var i = 1; values[$"Filter.{i}.Name"] is { } name; i++)
            filters.Add(new Ec2Filter(name, List($"Filter.{i}.Value")));
        return filters;
    }

    /// <summary>Tags from <c>TagSpecification.N</c> for one resource type (other types' tags are not ours).</summary>
    public IReadOnlyList<Ec2Tag> TagsFor(string resourceType)
    {
        var tags = new List<Ec2Tag>();
        for (var i = 1; values[$"TagSpecification.{i}.ResourceType"] is { } type; i++)
        {
            if (type != resourceType)
                throw Ec2Errors.InvalidParameterValue($"'{type}' is not a valid taggable resource type for this operation.");
            for (var j = 1; values[$"TagSpecification.{i}.Tag.{j}.Key"] is { } key; j++)
                tags.Add(new Ec2Tag(key, values[$"TagSpecification.{i}.Tag.{j}.Value"] ?? ""));
        }
        return tags;
    }

    public bool Bool(string name) =>
        values[name] is { } text && (bool.TryParse(text, out var value)
            ? value
            : throw Ec2Errors.InvalidParameterValue($"Value ({text}) for parameter {name} is invalid. Expected: 'true' or 'false'."));

    public int? Int(string name, int min, int max)
    {
        if (values[name] is not { } text)
            return null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Ec2Errors.InvalidParameterValue($"Value ( {text} ) for parameter {name} is invalid. Expecting a value between {min} and {max}.");
        return value;
    }

    /// <summary>EC2 answers a DryRun that would have succeeded with 412 DryRunOperation and changes nothing.</summary>
    public void ThrowIfDryRun()
    {
        if (Bool("DryRun"))
            throw new AwsErrorException(new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set."));
    }
}
