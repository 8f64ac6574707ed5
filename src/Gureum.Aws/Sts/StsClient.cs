using Gureum.Aws.Http;

namespace Gureum.Aws.Sts;

internal sealed class StsClient(AwsServiceChannel channel) : IStsClient
{
    private const string Version = "2011-06-15";

    public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
    {
        var result = await channel.QueryAsync(StsOperations.GetCallerIdentity, Version, null, cancellationToken);
        return new CallerIdentity(result.RequiredText("Account"), result.RequiredText("Arn"), result.RequiredText("UserId"));
    }
}
