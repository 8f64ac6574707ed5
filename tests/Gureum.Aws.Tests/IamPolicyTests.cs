using System.Reflection;
using System.Text.Json;
using Gureum.Testing;

namespace Gureum.Aws.Tests;

/// <summary>deploy/iam-policy.json allows exactly what the clients call: every operation a client
/// declares (the static <see cref="AwsOperation"/> fields) and nothing else.</summary>
public sealed class IamPolicyTests
{
    [Fact]
    public void The_operators_policy_allows_exactly_the_operations_the_clients_call()
    {
        var called = typeof(AwsOperation).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(AwsOperation))
            .Select(f => ((AwsOperation)f.GetValue(null)!).IamAction)
            .ToHashSet(StringComparer.Ordinal);

        var allowed = PolicyActions(RepoRoot.Combine("deploy", "iam-policy.json"));

        Assert.Contains("iam:CreateRole", called);
        Assert.Equal(called.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    private static HashSet<string> PolicyActions(string path)
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(path));
        var actions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in policy.RootElement.GetProperty("Statement").EnumerateArray())
        {
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            var action = statement.GetProperty("Action");
            if (action.ValueKind == JsonValueKind.String)
                Assert.True(actions.Add(action.GetString()!), $"{action} is listed twice");
            else
                foreach (var item in action.EnumerateArray())
                    Assert.True(actions.Add(item.GetString()!), $"{item} is listed twice");
        }
        return actions;
    }
}
