namespace Gureum.EndToEnd.Tests;

/// <summary>IamRole YAML as a user writes it; the role in IAM is named &lt;namespace&gt;-&lt;name&gt; ("default-web").</summary>
internal static class IamRoleManifests
{
    /// <summary>EC2 may assume the role; an inline policy read-assets (s3:GetObject on one bucket), has SSM and an instance profile; <paramref name="extraSpec"/> lines are indented by two.</summary>
    public static string Role(string name, string extraSpec = "", string annotations = "") => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: IamRole
        metadata:
          name: {name}
        {(annotations.Length > 0 ? "  annotations:\n    " + annotations : "")}
        spec:
          trustedServices:
          - ec2.amazonaws.com
          managedPolicyArns:
          - {IamReader.SsmCore}
          inlinePolicies:
            read-assets:
              Version: "2012-10-17"
              Statement:
              - Effect: Allow
                Action:
                - s3:GetObject
                Resource: arn:aws:s3:::example-assets/*
          instanceProfile:
            enabled: true
          tags:
            team: e2e
        {extraSpec}
        """;

    /// <summary>A role trusting every AWS principal: the operator must refuse it before any IAM call.</summary>
    public static string WildcardTrust(string name) => $"""
        apiVersion: gureum.dev/v1alpha1
        kind: IamRole
        metadata:
          name: {name}
        spec:
          assumeRolePolicy:
            Version: "2012-10-17"
            Statement:
            - Effect: Allow
              Principal:
                AWS: "*"
              Action: sts:AssumeRole
        """;

    /// <summary>The trust policy of <c>trustedServices: [ec2.amazonaws.com]</c>, for roles made by hand.</summary>
    public const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    /// <summary>Far wider than the read-assets policy of <see cref="Role"/>: what an out-of-band edit might do.</summary>
    public const string Widened = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";
}
