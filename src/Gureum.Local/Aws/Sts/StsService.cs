using Gureum.Aws;
using Gureum.Local.Aws.Query;

namespace Gureum.Local.Aws.Sts;

/// <summary>STS over the Query protocol (2011-06-15): GetCallerIdentity for the emulator's one user.</summary>
internal sealed class StsService : QueryService
{
    // A fixed unique id in the shape of an IAM user's (AIDA...).
    private const string UserId = "AIDAGUREUMLOCALUSER01";

    private readonly string _accountId;

    public StsService(string accountId) : base(AwsServiceCatalog.Sts, "2011-06-15")
    {
        _accountId = accountId;
        Actions = new Dictionary<string, QueryAction>(StringComparer.Ordinal)
        {
            ["GetCallerIdentity"] = QueryAction.Read(_ =>
            [
                E("Arn", $"arn:aws:iam::{_accountId}:user/gureum-local"),
                E("UserId", UserId),
                E("Account", _accountId),
            ]),
        };
    }

    protected override IReadOnlyDictionary<string, QueryAction> Actions { get; }
}
