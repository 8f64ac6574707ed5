using System.Net;

namespace Gureum.Aws.Errors;

/// <summary>Every AWS error code we know, sorted into kinds (after cluster-api-provider-aws
/// pkg/cloud/awserrors). Codes decide first; the HTTP status only when the code is unknown.</summary>
public static class AwsErrorClassifier
{
    private static readonly Dictionary<string, AwsErrorKind> ByCode = new(StringComparer.Ordinal)
    {
        // Throttling. Route53's PriorRequestNotComplete means "a change to this zone is still being
        // applied: slow down", so it is throttling too.
        ["Throttling"] = AwsErrorKind.Throttled,
        ["ThrottlingException"] = AwsErrorKind.Throttled,
        ["ThrottledException"] = AwsErrorKind.Throttled,
        ["RequestThrottled"] = AwsErrorKind.Throttled,
        ["RequestThrottledException"] = AwsErrorKind.Throttled,
        ["RequestLimitExceeded"] = AwsErrorKind.Throttled,
        ["TooManyRequestsException"] = AwsErrorKind.Throttled,
        ["PriorRequestNotComplete"] = AwsErrorKind.Throttled,
        ["EC2ThrottledException"] = AwsErrorKind.Throttled,
        ["SlowDown"] = AwsErrorKind.Throttled,
        ["BandwidthLimitExceeded"] = AwsErrorKind.Throttled,
        // IAM (and others) answer LimitExceeded for quotas that free up (a policy detached, a profile
        // emptied, a burst of writes): retry later like throttling, never a terminal "invalid spec".
        ["LimitExceeded"] = AwsErrorKind.Throttled,
        ["LimitExceededException"] = AwsErrorKind.Throttled,
        // ELBv2 names each account quota TooMany*: the same "retry later" as LimitExceeded (see AwsException.IsQuota).
        ["TooManyLoadBalancers"] = AwsErrorKind.Throttled,
        ["TooManyTargetGroups"] = AwsErrorKind.Throttled,
        ["TooManyListeners"] = AwsErrorKind.Throttled,
        ["TooManyTargets"] = AwsErrorKind.Throttled,
        ["TooManyRegistrationsForTargetId"] = AwsErrorKind.Throttled,
        ["TooManyCertificates"] = AwsErrorKind.Throttled,
        ["TooManyActions"] = AwsErrorKind.Throttled,
        ["TooManyRules"] = AwsErrorKind.Throttled,
        ["TooManyTags"] = AwsErrorKind.Throttled,
        ["TooManyUniqueTargetGroupsPerLoadBalancer"] = AwsErrorKind.Throttled,
        ["TargetGroupAssociationLimit"] = AwsErrorKind.Throttled,

        // Server side, worth a retry.
        ["InternalFailure"] = AwsErrorKind.Transient,
        ["InternalError"] = AwsErrorKind.Transient,
        ["InternalServiceError"] = AwsErrorKind.Transient,
        ["InternalServerError"] = AwsErrorKind.Transient,
        ["ServiceUnavailable"] = AwsErrorKind.Transient,
        ["ServiceUnavailableException"] = AwsErrorKind.Transient,
        ["ServiceFailure"] = AwsErrorKind.Transient,
        ["RequestTimeout"] = AwsErrorKind.Transient,
        ["RequestTimeoutException"] = AwsErrorKind.Transient,
        ["IDPCommunicationError"] = AwsErrorKind.Transient,
        ["ResourceContention"] = AwsErrorKind.Transient,
        // IAM: "the entity is being modified by another request (e.g. a role being deleted); retry".
        ["EntityTemporarilyUnmodifiable"] = AwsErrorKind.Transient,

        ["NoSuchEntity"] = AwsErrorKind.NotFound,
        ["NoSuchHostedZone"] = AwsErrorKind.NotFound,
        ["NoSuchChange"] = AwsErrorKind.NotFound,
        ["NoSuchHealthCheck"] = AwsErrorKind.NotFound,
        ["NoSuchDelegationSet"] = AwsErrorKind.NotFound,

        ["EntityAlreadyExists"] = AwsErrorKind.AlreadyExists,
        ["HostedZoneAlreadyExists"] = AwsErrorKind.AlreadyExists,
        ["AlreadyExists"] = AwsErrorKind.AlreadyExists,

        ["AccessDenied"] = AwsErrorKind.AccessDenied,
        ["AccessDeniedException"] = AwsErrorKind.AccessDenied,
        ["UnauthorizedOperation"] = AwsErrorKind.AccessDenied,
        ["UnauthorizedAccess"] = AwsErrorKind.AccessDenied,
        ["AuthFailure"] = AwsErrorKind.AccessDenied,
        ["InvalidClientTokenId"] = AwsErrorKind.AccessDenied,
        ["UnrecognizedClientException"] = AwsErrorKind.AccessDenied,
        ["SignatureDoesNotMatch"] = AwsErrorKind.AccessDenied,
        ["IncompleteSignature"] = AwsErrorKind.AccessDenied,
        ["MissingAuthenticationToken"] = AwsErrorKind.AccessDenied,
        ["ExpiredToken"] = AwsErrorKind.AccessDenied,
        ["ExpiredTokenException"] = AwsErrorKind.AccessDenied,
        ["OptInRequired"] = AwsErrorKind.AccessDenied,

        ["InvalidInput"] = AwsErrorKind.Invalid,
        ["InvalidChangeBatch"] = AwsErrorKind.Invalid,
        ["InvalidDomainName"] = AwsErrorKind.Invalid,
        ["ValidationError"] = AwsErrorKind.Invalid,
        ["ValidationException"] = AwsErrorKind.Invalid,
        ["InvalidParameterValue"] = AwsErrorKind.Invalid,
        ["InvalidParameterCombination"] = AwsErrorKind.Invalid,
        ["InvalidParameter"] = AwsErrorKind.Invalid,
        ["MissingParameter"] = AwsErrorKind.Invalid,
        ["MalformedPolicyDocument"] = AwsErrorKind.Invalid,
        // IAM: a service-linked role cannot be changed; a policy that cannot be attached (an AWS
        // service-role policy): both need a different spec.
        ["UnmodifiableEntity"] = AwsErrorKind.Invalid,
        ["PolicyNotAttachable"] = AwsErrorKind.Invalid,
        ["MalformedQueryString"] = AwsErrorKind.Invalid,
        ["InvalidAction"] = AwsErrorKind.Invalid,
        ["InvalidArgument"] = AwsErrorKind.Invalid,
        // ELBv2: a referenced certificate or subnet that does not exist is a wrong spec, not a missing
        // load balancer; duplicate tag keys in one request likewise. OperationNotPermitted is what
        // deletion protection answers: the spec has to turn it off first.
        ["CertificateNotFound"] = AwsErrorKind.Invalid,
        ["SubnetNotFound"] = AwsErrorKind.Invalid,
        ["DuplicateTagKeys"] = AwsErrorKind.Invalid,
        ["InvalidConfigurationRequest"] = AwsErrorKind.Invalid,
        ["InvalidSecurityGroup"] = AwsErrorKind.Invalid,
        ["OperationNotPermitted"] = AwsErrorKind.Invalid,

        ["ConcurrentModification"] = AwsErrorKind.Conflict,
        ["ConcurrentModificationException"] = AwsErrorKind.Conflict,
        ["DeleteConflict"] = AwsErrorKind.Conflict,
        ["DependencyViolation"] = AwsErrorKind.Conflict,
        ["HostedZoneNotEmpty"] = AwsErrorKind.Conflict,
        ["ResourceInUse"] = AwsErrorKind.Conflict,
        ["ResourceInUseException"] = AwsErrorKind.Conflict,
        ["IncorrectState"] = AwsErrorKind.Conflict,
        ["IncorrectInstanceState"] = AwsErrorKind.Conflict,
        // Auto Scaling: a scaling activity or an instance refresh is running; try again once it ends.
        ["ScalingActivityInProgress"] = AwsErrorKind.Conflict,
        ["InstanceRefreshInProgress"] = AwsErrorKind.Conflict,
        // Auto Scaling: CancelInstanceRefresh when none runs.
        ["ActiveInstanceRefreshNotFound"] = AwsErrorKind.NotFound,
    };

    public static AwsErrorKind Classify(string code, HttpStatusCode status)
    {
        if (ByCode.TryGetValue(code, out var known))
            return known;

        // Families with a service-specific prefix or suffix: InvalidInstanceID.NotFound,
        // LoadBalancerNotFound, TargetGroupNotFoundException, InvalidGroup.Duplicate, DuplicateListener ...
        if (code.Contains("NotFound", StringComparison.Ordinal) || code.StartsWith("NoSuch", StringComparison.Ordinal))
            return AwsErrorKind.NotFound;
        if (code.Contains("AlreadyExists", StringComparison.Ordinal)
            || code.StartsWith("Duplicate", StringComparison.Ordinal)
            || code.EndsWith(".Duplicate", StringComparison.Ordinal))
            return AwsErrorKind.AlreadyExists;
        if (code.Contains("Throttl", StringComparison.Ordinal))
            return AwsErrorKind.Throttled;
        if (code.StartsWith("Invalid", StringComparison.Ordinal) || code.EndsWith(".Malformed", StringComparison.Ordinal))
            return AwsErrorKind.Invalid;

        return (int)status switch
        {
            429 => AwsErrorKind.Throttled,
            >= 500 => AwsErrorKind.Transient,
            403 or 401 => AwsErrorKind.AccessDenied,
            404 => AwsErrorKind.NotFound,
            409 => AwsErrorKind.Conflict,
            _ => AwsErrorKind.Unknown,
        };
    }
}
