namespace Gureum.Local.Aws.Elbv2;

/// <summary>ELBv2's error codes and wording (every one HTTP 400, as botocore's model says).</summary>
internal static class Elbv2Errors
{
    public static AwsErrorException Error(string code, string message) => new(new AwsError(400, code, message));

    public static AwsErrorException Validation(string message) => Error("ValidationError", message);

    public static AwsErrorException InvalidConfiguration(string message) => Error("InvalidConfigurationRequest", message);

    public static AwsErrorException LoadBalancerNotFound(string? what = null) =>
        Error("LoadBalancerNotFound", what is null ? "One or more load balancers not found" : $"Load balancer '{what}' not found");

    public static AwsErrorException TargetGroupNotFound(string? what = null) =>
        Error("TargetGroupNotFound", what is null ? "One or more target groups not found" : $"Target groups '{what}' not found");

    public static AwsErrorException ListenerNotFound(string? what = null) =>
        Error("ListenerNotFound", what is null ? "One or more listeners not found" : $"Listener '{what}' not found");
}
