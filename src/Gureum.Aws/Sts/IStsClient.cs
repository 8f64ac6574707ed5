namespace Gureum.Aws.Sts;

public sealed record CallerIdentity(string Account, string Arn, string UserId);

public interface IStsClient
{
    Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken);
}
