using System.Net;
using Gureum.Api;
using Gureum.Aws.Errors;
using Gureum.Controllers.Common;
using Gureum.Runtime;
using Xunit;

namespace Gureum.Controllers.Tests.Common;

public sealed class AwsErrorsTests
{
    [Theory]
    [InlineData(AwsErrorKind.AccessDenied, PassState.Stalled, ConditionReasons.AccessDenied, ErrorClass.Terminal)]
    [InlineData(AwsErrorKind.Invalid, PassState.Stalled, ConditionReasons.AwsError, ErrorClass.Terminal)]
    [InlineData(AwsErrorKind.Throttled, PassState.Progressing, ConditionReasons.Throttled, ErrorClass.Throttled)]
    [InlineData(AwsErrorKind.Transient, PassState.Progressing, ConditionReasons.AwsError, ErrorClass.Transient)]
    internal void AWS_errors_map_to_a_condition_and_a_retry_class(AwsErrorKind kind, PassState state, string reason, ErrorClass retry)
    {
        var exception = new AwsException("Code", "message", null, HttpStatusCode.BadRequest, kind);
        Assert.Equal(new ErrorOutcome(state, reason, retry), AwsErrors.Classify(exception));
        Assert.Equal(retry, AwsErrors.Classifier.Classify(exception));
    }

    [Fact]
    public void Other_errors_are_left_to_the_runtime()
    {
        Assert.Equal(ErrorClass.Terminal, AwsErrors.Classifier.Classify(new TerminalException("x")));
        Assert.Equal(ErrorClass.Transient, AwsErrors.Classifier.Classify(new HttpRequestException("x")));
    }
}
