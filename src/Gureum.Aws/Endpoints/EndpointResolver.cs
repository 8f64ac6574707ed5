namespace Gureum.Aws.Endpoints;

/// <summary>Endpoint resolution by the AWS SDK conventions, as a pure function of the
/// environment so it can be tested with a table.</summary>
public static class EndpointResolver
{
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreConfiguredEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    public static AwsEndpoint Resolve(AwsService service, string region, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);

        if (!IsTrue(Get(environment, IgnoreConfiguredEndpointsVariable)))
        {
            // A configured endpoint is signed for the configured region, as the SDKs' endpoint rules do.
            var configured = Get(environment, $"{GlobalEndpointVariable}_{service.EndpointEnvSuffix}")
                ?? Get(environment, GlobalEndpointVariable);
            if (configured is not null)
                return new AwsEndpoint(ParseUrl(configured), region);
        }

        var partition = AwsPartition.ForRegion(region);
        if (service == AwsService.Iam)
            return new AwsEndpoint(new Uri($"https://{partition.IamHost}/"), partition.IamSigningRegion);
        if (service == AwsService.Route53)
            return new AwsEndpoint(new Uri($"https://{partition.Route53Host}/"), partition.Route53SigningRegion);
        return new AwsEndpoint(new Uri($"https://{service.HostPrefix}.{region}.{partition.DnsSuffix}/"), region);
    }

    public static IReadOnlyDictionary<string, string?> ProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            result[(string)entry.Key] = entry.Value as string;
        return result;
    }

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static Uri ParseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{value}' is not an http(s) endpoint URL.", nameof(value));
        // Paths resolve relative to the endpoint, so a base path must end with a slash.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }
}
