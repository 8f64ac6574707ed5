namespace Gureum.Local.Aws.Ec2;

/// <summary>One EC2 action: whether it writes (lost-response faults and the mutate bucket apply to writes)
/// and its handler, which returns the content of <c>&lt;{Action}Response&gt;</c> after <c>requestId</c>.</summary>
internal sealed record Ec2Action(bool IsWrite, Func<Ec2Parameters, IEnumerable<object?>> Handler)
{
    public static Ec2Action Read(Func<Ec2Parameters, IEnumerable<object?>> handler) => new(false, handler);

    public static Ec2Action Write(Func<Ec2Parameters, IEnumerable<object?>> handler) => new(true, handler);
}

/// <summary>A group of EC2 actions over one part of EC2's state (network, images; later instances and
/// launch templates), so each part is its own store and table and <see cref="Ec2Service"/> only routes.</summary>
internal interface IEc2Actions
{
    IReadOnlyDictionary<string, Ec2Action> Actions { get; }
}
