using Gureum.Api.Validation;
using Gureum.Aws.Ec2;

namespace Gureum.Controllers.Common;

/// <summary>
/// The EC2 ids a spec names (subnets, security groups, VPCs, images), checked for existence before any
/// write: each missing id is a <see cref="FieldError"/> naming its field and index
/// (<c>spec.subnetIds[1]: subnet subnet-123 does not exist</c>). One filtered describe per kind of id
/// (<see cref="IEc2NetworkClient.FindMissingAsync"/> never fails for an unknown id).
/// </summary>
public static class NetworkIds
{
    /// <summary>The ids of one list field of the spec, e.g. <c>spec.subnetIds</c>.</summary>
    public sealed record Field(string Path, Ec2ResourceKind Kind, IReadOnlyList<string>? Ids)
    {
        /// <summary>A field holding one id (spec.template.imageId): errors name it without an index.</summary>
        public bool Single { get; init; }
    }

    public static async Task<IReadOnlyList<FieldError>> MissingAsync(IEc2NetworkClient ec2, IEnumerable<Field> fields, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        foreach (var byKind in fields.Where(f => f.Ids is { Count: > 0 }).GroupBy(f => f.Kind))
        {
            var missing = (await ec2.FindMissingAsync(byKind.Key, [.. byKind.SelectMany(f => f.Ids!).Distinct(StringComparer.Ordinal)], cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            if (missing.Count == 0)
                continue;
            foreach (var field in byKind)
                for (var i = 0; i < field.Ids!.Count; i++)
                    if (missing.Contains(field.Ids[i]))
                        errors.Add(new FieldError(field.Single ? field.Path : $"{field.Path}[{i}]", $"{Noun(field.Kind)} {field.Ids[i]} does not exist"));
        }
        return errors;
    }

    private static string Noun(Ec2ResourceKind kind) => kind switch
    {
        Ec2ResourceKind.Vpc => "VPC",
        Ec2ResourceKind.Subnet => "subnet",
        Ec2ResourceKind.SecurityGroup => "security group",
        _ => "image",
    };
}
