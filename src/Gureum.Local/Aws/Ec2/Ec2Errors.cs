namespace Gureum.Local.Aws.Ec2;

/// <summary>EC2's error codes and wording in one place (status 400 unless EC2 says otherwise).</summary>
internal static class Ec2Errors
{
    public static AwsErrorException MissingParameter(string name) =>
        Error("MissingParameter", $"The request must contain the parameter {name}");

    public static AwsErrorException InvalidParameterValue(string message) => Error("InvalidParameterValue", message);

    public static AwsErrorException InvalidFilter(string name) => InvalidParameterValue($"The filter '{name}' is invalid");

    public static AwsErrorException InvalidPaginationToken(string token) =>
        Error("InvalidPaginationToken", $"Invalid pagination token: {token}");

    /// <summary>An id that is not in the resource's format: <c>InvalidSubnetID.Malformed</c> and friends.</summary>
    public static AwsErrorException Malformed(Ec2IdKind kind, string id) =>
        Error($"{kind.ErrorPrefix}.Malformed", $"Invalid id: \"{id}\" (expecting \"{kind.Prefix}-...\")");

    /// <summary>Well-formed ids that name nothing; EC2 fails the whole call and names them all.</summary>
    public static AwsErrorException NotFound(Ec2IdKind kind, IReadOnlyList<string> ids) =>
        Error($"{kind.ErrorPrefix}.NotFound", kind.NotFoundMessage(ids));

    public static AwsErrorException Error(string code, string message, int status = 400) =>
        new(new AwsError(status, code, message));
}
