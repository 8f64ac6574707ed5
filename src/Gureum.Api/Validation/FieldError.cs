namespace Gureum.Api.Validation;

/// <summary>One semantic problem in a spec; Path is like spec.values[1].</summary>
public sealed record FieldError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Collects errors while a validator walks a spec.</summary>
internal sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public void Add(string path, string message) => _errors.Add(new FieldError(path, message));

    public void Require(bool condition, string path, string message)
    {
        if (!condition)
            Add(path, message);
    }

    public IReadOnlyList<FieldError> ToList() => _errors.ToArray();
}
