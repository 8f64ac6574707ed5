namespace Gureum.Aws;

/// <summary>One AWS API operation as Gureum calls it: the service, the operation's name (which is also
/// the IAM action, <c>{signing name}:{name}</c>) and whether it writes. Writes draw from a service's
/// mutate bucket where AWS has one, and are the calls whose lost responses matter. Each client lists
/// the operations it calls as static fields of one class, which is what deploy/iam-policy.json is
/// checked against.</summary>
public sealed record AwsOperation(AwsService Service, string Name, bool Writes)
{
    public static AwsOperation Read(AwsService service, string name) => new(service, name, Writes: false);

    public static AwsOperation Write(AwsService service, string name) => new(service, name, Writes: true);

    /// <summary>The action a caller's IAM policy must allow, e.g. <c>iam:CreateRole</c>.</summary>
    public string IamAction => $"{Service.SigningName}:{Name}";

    public override string ToString() => IamAction;
}
