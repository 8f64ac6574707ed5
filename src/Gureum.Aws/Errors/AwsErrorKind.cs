namespace Gureum.Aws.Errors;

public enum AwsErrorKind
{
    Unknown,
    Throttled,
    Transient,
    NotFound,
    AlreadyExists,
    AccessDenied,
    Invalid,
    Conflict,
}
