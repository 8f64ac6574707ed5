using Amazon.EC2;
using Amazon.Runtime;
using Gureum.Local.Aws;

namespace Gureum.Local.Tests.Aws;

/// <summary>The official AWSSDK.EC2 client pointed at an emulator, with the SDK's retries off so every
/// error the emulator answers reaches the test.</summary>
internal static class Ec2Sdk
{
    public static AmazonEC2Client For(AwsEmulator emulator) =>
        new(new BasicAWSCredentials(emulator.AccessKeyId, emulator.SecretAccessKey), new AmazonEC2Config
        {
            ServiceURL = emulator.Endpoint.ToString(),
            AuthenticationRegion = emulator.Region,
            MaxErrorRetry = 0,
        });
}
