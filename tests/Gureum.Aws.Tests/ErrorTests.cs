using System.Net;
using Gureum.Aws.Errors;

namespace Gureum.Aws.Tests;

public sealed class ErrorTests
{
    public static TheoryData<string, int, AwsErrorKind> Codes => new()
    {
        { "Throttling", 400, AwsErrorKind.Throttled },
        { "ThrottlingException", 400, AwsErrorKind.Throttled },
        { "RequestLimitExceeded", 503, AwsErrorKind.Throttled },
        { "TooManyRequestsException", 400, AwsErrorKind.Throttled },
        { "PriorRequestNotComplete", 400, AwsErrorKind.Throttled },
        // A quota (IAM's 10 managed policies, one role per profile) frees up later: not an invalid spec.
        { "LimitExceeded", 409, AwsErrorKind.Throttled },
        { "EntityTemporarilyUnmodifiable", 409, AwsErrorKind.Transient },
        { "UnmodifiableEntity", 400, AwsErrorKind.Invalid },
        { "PolicyNotAttachable", 400, AwsErrorKind.Invalid },
        { "MalformedPolicyDocument", 400, AwsErrorKind.Invalid },
        { "InternalFailure", 500, AwsErrorKind.Transient },
        { "ServiceUnavailable", 503, AwsErrorKind.Transient },
        { "SomethingNew", 502, AwsErrorKind.Transient },
        { "NoSuchHostedZone", 404, AwsErrorKind.NotFound },
        { "NoSuchEntity", 404, AwsErrorKind.NotFound },
        { "NoSuchChange", 404, AwsErrorKind.NotFound },
        { "InvalidInstanceID.NotFound", 400, AwsErrorKind.NotFound },
        { "TargetGroupNotFoundException", 400, AwsErrorKind.NotFound },
        { "EntityAlreadyExists", 409, AwsErrorKind.AlreadyExists },
        { "HostedZoneAlreadyExists", 409, AwsErrorKind.AlreadyExists },
        { "InvalidLaunchTemplateName.AlreadyExistsException", 400, AwsErrorKind.AlreadyExists },
        { "DuplicateTargetGroupName", 400, AwsErrorKind.AlreadyExists },
        { "InvalidGroup.Duplicate", 400, AwsErrorKind.AlreadyExists },
        { "AccessDenied", 403, AwsErrorKind.AccessDenied },
        { "UnauthorizedOperation", 403, AwsErrorKind.AccessDenied },
        { "SignatureDoesNotMatch", 403, AwsErrorKind.AccessDenied },
        { "Anything", 403, AwsErrorKind.AccessDenied },
        { "InvalidInput", 400, AwsErrorKind.Invalid },
        { "InvalidChangeBatch", 400, AwsErrorKind.Invalid },
        { "ValidationError", 400, AwsErrorKind.Invalid },
        { "InvalidParameterValue", 400, AwsErrorKind.Invalid },
        { "InvalidAMIID.Malformed", 400, AwsErrorKind.Invalid },
        { "ConcurrentModification", 400, AwsErrorKind.Conflict },
        { "DeleteConflict", 409, AwsErrorKind.Conflict },
        { "HostedZoneNotEmpty", 400, AwsErrorKind.Conflict },
        // Auto Scaling: a running activity or refresh blocks a write until it ends; cancelling when none runs.
        { "ScalingActivityInProgress", 400, AwsErrorKind.Conflict },
        { "InstanceRefreshInProgress", 400, AwsErrorKind.Conflict },
        { "ActiveInstanceRefreshNotFound", 400, AwsErrorKind.NotFound },
        { "AlreadyExists", 400, AwsErrorKind.AlreadyExists },
        { "ResourceContention", 500, AwsErrorKind.Transient },
        // ELBv2: a missing certificate or subnet, deletion protection and bad configuration need a different
        // spec; its TooMany* are quotas.
        { "LoadBalancerNotFound", 400, AwsErrorKind.NotFound },
        { "ListenerNotFound", 400, AwsErrorKind.NotFound },
        { "DuplicateLoadBalancerName", 400, AwsErrorKind.AlreadyExists },
        { "DuplicateListener", 400, AwsErrorKind.AlreadyExists },
        { "ResourceInUse", 400, AwsErrorKind.Conflict },
        { "CertificateNotFound", 400, AwsErrorKind.Invalid },
        { "SubnetNotFound", 400, AwsErrorKind.Invalid },
        { "InvalidSecurityGroup", 400, AwsErrorKind.Invalid },
        { "InvalidConfigurationRequest", 400, AwsErrorKind.Invalid },
        { "OperationNotPermitted", 400, AwsErrorKind.Invalid },
        { "DuplicateTagKeys", 400, AwsErrorKind.Invalid },
        { "TooManyLoadBalancers", 400, AwsErrorKind.Throttled },
        { "TooManyTags", 400, AwsErrorKind.Throttled },
        { "Whatever", 409, AwsErrorKind.Conflict },
        { "Whatever", 429, AwsErrorKind.Throttled },
        { "Whatever", 400, AwsErrorKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Codes_classify_into_kinds(string code, int status, AwsErrorKind expected) =>
        Assert.Equal(expected, AwsErrorClassifier.Classify(code, (HttpStatusCode)status));

    [Theory]
    [InlineData("LimitExceeded", true)]
    [InlineData("TooManyLoadBalancers", true)]
    [InlineData("TooManyTargetGroups", true)]
    [InlineData("TargetGroupAssociationLimit", true)]
    [InlineData("TooManyRequestsException", false)]
    [InlineData("Throttling", false)]
    public void Quotas_are_told_apart_from_throttling(string code, bool quota) =>
        Assert.Equal(quota, AwsException.Create(code, "m", null, HttpStatusCode.BadRequest).IsQuota);

    [Fact]
    public void Query_error_response_is_parsed()
    {
        const string body = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
              <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error>
              <RequestId>4a2b-1</RequestId>
            </ErrorResponse>
            """;
        var e = AwsErrorParser.Parse(HttpStatusCode.NotFound, body, null);
        Assert.Equal(("NoSuchEntity", "The role with name x cannot be found.", "4a2b-1", HttpStatusCode.NotFound, AwsErrorKind.NotFound),
            (e.Code, e.AwsMessage, e.RequestId, e.Status, e.Kind));
    }

    [Fact]
    public void Route53_error_response_is_parsed()
    {
        const string body = """
            <?xml version="1.0"?>
            <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>Tried to create resource record set [name='a.example.com.', type='A'] but it already exists</Message></Error>
              <RequestId>r53-7</RequestId>
            </ErrorResponse>
            """;
        var e = AwsErrorParser.Parse(HttpStatusCode.BadRequest, body, "header-id");
        Assert.Equal(("InvalidChangeBatch", "r53-7", AwsErrorKind.Invalid), (e.Code, e.RequestId, e.Kind));
        Assert.StartsWith("Tried to create", e.AwsMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Route53_invalid_change_batch_error_response_splits_its_bracketed_messages()
    {
        // Route53's current form: every refused change in one Message, "[m1, m2]"; messages contain
        // brackets, quotes and ", type" of their own.
        const string body = """
            <?xml version="1.0"?>
            <ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>[Tried to create resource record set [name='a.example.com.', type='A'] but it already exists, RRSet with DNS name b.example.com., type A cannot be created as other RRSets exist with the same name and type., Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '1, 2'']</Message></Error>
              <RequestId>r53-9</RequestId>
            </ErrorResponse>
            """;
        var e = AwsErrorParser.Parse(HttpStatusCode.BadRequest, body, null);
        Assert.Equal(("InvalidChangeBatch", "r53-9", AwsErrorKind.Invalid), (e.Code, e.RequestId, e.Kind));
        Assert.Equal(
            "Tried to create resource record set [name='a.example.com.', type='A'] but it already exists; "
            + "RRSet with DNS name b.example.com., type A cannot be created as other RRSets exist with the same name and type.; "
            + "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '1, 2''",
            e.AwsMessage);
    }

    [Fact]
    public void Route53_invalid_change_batch_document_joins_its_messages()
    {
        const string body = """
            <?xml version="1.0"?>
            <InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
              <Messages>
                <Message>Tried to create resource record set [name='a.example.com.', type='A'] but it already exists</Message>
                <Message>Tried to delete resource record set [name='b.example.com.', type='A'] but it was not found</Message>
              </Messages>
              <RequestId>r53-8</RequestId>
            </InvalidChangeBatch>
            """;
        var e = AwsErrorParser.Parse(HttpStatusCode.BadRequest, body, "header-id");
        Assert.Equal(("InvalidChangeBatch", "r53-8", AwsErrorKind.Invalid), (e.Code, e.RequestId, e.Kind));
        Assert.Equal(
            "Tried to create resource record set [name='a.example.com.', type='A'] but it already exists; "
            + "Tried to delete resource record set [name='b.example.com.', type='A'] but it was not found",
            e.AwsMessage);
    }

    [Fact]
    public void Ec2_error_response_is_parsed()
    {
        const string body = """
            <Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>ec2-9</RequestID></Response>
            """;
        var e = AwsErrorParser.Parse(HttpStatusCode.ServiceUnavailable, body, null);
        Assert.Equal(("RequestLimitExceeded", "Request limit exceeded.", "ec2-9", AwsErrorKind.Throttled), (e.Code, e.AwsMessage, e.RequestId, e.Kind));
    }

    [Fact]
    public void A_body_that_is_not_xml_still_classifies_by_status()
    {
        var e = AwsErrorParser.Parse(HttpStatusCode.BadGateway, "<html>bad gateway", "hdr-1");
        Assert.Equal(("BadGateway", "hdr-1", AwsErrorKind.Transient), (e.Code, e.RequestId, e.Kind));
    }
}
