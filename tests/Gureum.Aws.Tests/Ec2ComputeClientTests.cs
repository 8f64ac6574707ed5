using System.Net;
using Amazon.EC2;
using Amazon.Runtime;
using Gureum.Aws.Ec2;
using Gureum.Aws.Errors;
using Gureum.Aws.Pipeline;

namespace Gureum.Aws.Tests;

/// <summary>The EC2 compute client (AWSSDK.EC2 on the pipeline) against a recording handler under the SDK: the EC2
/// query form each call sends (member names as botocore's ec2 2016-11-15 model serialises them), the parsing of EC2's
/// response shapes, batching, paging, the unknown-id fallback and error kinds.</summary>
public sealed class Ec2ComputeClientTests : IDisposable
{
    private const string Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private const string RequestId = "<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly RecordingHandler _http = new();
    private readonly AwsCallPipeline _pipeline = new(AwsRateLimits.Default, new AwsRetryOptions { MaxAttempts = 1 }, TimeProvider.System);
    private readonly AmazonEC2Client _sdk;
    private readonly Ec2ComputeClient _ec2;

    public Ec2ComputeClientTests()
    {
        _sdk = new AmazonEC2Client(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonEC2Config
        {
            ServiceURL = "https://ec2.test/",
            AuthenticationRegion = "eu-west-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new HandlerFactory(_http),
        });
        _ec2 = new Ec2ComputeClient(new Ec2Calls(_sdk, _pipeline, "eu-west-1"), pageSize: 5);
    }

    public void Dispose()
    {
        _sdk.Dispose();
        _pipeline.Dispose();
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;
    }

    [Fact]
    public void AwsClients_offers_the_compute_and_Auto_Scaling_clients()
    {
        using var aws = AwsClients.Create(AwsSettings.ForEndpoint(new Uri("https://aws.test/"), "eu-west-1", "AKIDEXAMPLE", "secret"),
            TimeProvider.System, transport: _http);

        Assert.IsType<Ec2ComputeClient>(aws.Ec2Compute);
        Assert.NotNull(aws.AutoScaling);
    }

    private static string Response(string action, string body) => $"<{action}Response xmlns=\"{Ns}\">{RequestId}{body}</{action}Response>";

    private static string Error(string code, string message) =>
        $"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>";

    private static readonly Ec2LaunchTemplateData Data = new()
    {
        ImageId = "ami-0abcdef1234567890",
        InstanceType = "t3.micro",
        KeyName = "ops",
        SecurityGroupIds = ["sg-0a1b2c3d4e5f67890", "sg-0123456789abcdef0"],
        UserDataBase64 = "IyEvYmluL2Jhc2gKZWNobyBoaQ==",
        IamInstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/web",
        HttpTokens = "required",
        BlockDevices = [new Ec2BlockDevice("/dev/xvda", 20, "gp3", true, true) { Iops = 3000, ThroughputMiBps = 125 }],
        InstanceTags = [new Ec2Tag("Name", "web"), new Ec2Tag("gureum.io/owner", "default/web")],
    };

    private const string DataXml = """
        <launchTemplateData>
          <blockDeviceMappingSet>
            <item><deviceName>/dev/xvda</deviceName><ebs><deleteOnTermination>true</deleteOnTermination><encrypted>true</encrypted>
              <iops>3000</iops><throughput>125</throughput><volumeSize>20</volumeSize><volumeType>gp3</volumeType></ebs></item>
          </blockDeviceMappingSet>
          <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/web</arn></iamInstanceProfile>
          <imageId>ami-0abcdef1234567890</imageId>
          <instanceType>t3.micro</instanceType>
          <keyName>ops</keyName>
          <metadataOptions><httpTokens>required</httpTokens><httpPutResponseHopLimit>2</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint></metadataOptions>
          <securityGroupIdSet><item>sg-0a1b2c3d4e5f67890</item><item>sg-0123456789abcdef0</item></securityGroupIdSet>
          <tagSpecificationSet>
            <item><resourceType>instance</resourceType><tagSet><item><key>Name</key><value>web</value></item><item><key>gureum.io/owner</key><value>default/web</value></item></tagSet></item>
            <item><resourceType>volume</resourceType><tagSet><item><key>Name</key><value>web</value></item><item><key>gureum.io/owner</key><value>default/web</value></item></tagSet></item>
          </tagSpecificationSet>
          <userData>IyEvYmluL2Jhc2gKZWNobyBoaQ==</userData>
        </launchTemplateData>
        """;

    private static string Template(string id, string name, long defaultVersion = 1, long latestVersion = 1) => $"""
        <launchTemplateId>{id}</launchTemplateId><launchTemplateName>{name}</launchTemplateName>
        <createTime>2026-11-20T10:15:30.000Z</createTime><createdBy>arn:aws:sts::123456789012:assumed-role/gureum/session</createdBy>
        <defaultVersionNumber>{defaultVersion}</defaultVersionNumber><latestVersionNumber>{latestVersion}</latestVersionNumber>
        <tagSet><item><key>gureum.io/owner</key><value>default/web</value></item></tagSet>
        """;

    [Fact]
    public async Task A_launch_template_is_created_with_its_data_tags_and_client_token()
    {
        _http.Answer(Response("CreateLaunchTemplate", $"<launchTemplate>{Template("lt-0a20c965061f64abc", "web")}</launchTemplate>"));

        var template = await _ec2.CreateLaunchTemplateAsync("web", Data, [new Ec2Tag("gureum.io/owner", "default/web")], "uid-1-gen-2", None);

        Assert.Equal(("lt-0a20c965061f64abc", "web", 1L, 1L), (template.LaunchTemplateId, template.LaunchTemplateName, template.DefaultVersionNumber, template.LatestVersionNumber));
        Assert.Equal([new Ec2Tag("gureum.io/owner", "default/web")], template.Tags);
        var request = _http.Single();
        Assert.Contains("/eu-west-1/ec2/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Equal(("CreateLaunchTemplate", "2016-11-15"), (request.Action, request["Version"]));
        Assert.Equal(new Dictionary<string, string>
        {
            ["ClientToken"] = "uid-1-gen-2",
            ["LaunchTemplateName"] = "web",
            ["LaunchTemplateData.ImageId"] = "ami-0abcdef1234567890",
            ["LaunchTemplateData.InstanceType"] = "t3.micro",
            ["LaunchTemplateData.KeyName"] = "ops",
            ["LaunchTemplateData.SecurityGroupId.1"] = "sg-0a1b2c3d4e5f67890",
            ["LaunchTemplateData.SecurityGroupId.2"] = "sg-0123456789abcdef0",
            ["LaunchTemplateData.UserData"] = "IyEvYmluL2Jhc2gKZWNobyBoaQ==",
            ["LaunchTemplateData.IamInstanceProfile.Arn"] = "arn:aws:iam::123456789012:instance-profile/web",
            ["LaunchTemplateData.MetadataOptions.HttpTokens"] = "required",
            ["LaunchTemplateData.BlockDeviceMapping.1.DeviceName"] = "/dev/xvda",
            ["LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize"] = "20",
            ["LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeType"] = "gp3",
            ["LaunchTemplateData.BlockDeviceMapping.1.Ebs.Encrypted"] = "true",
            ["LaunchTemplateData.BlockDeviceMapping.1.Ebs.DeleteOnTermination"] = "true",
            ["LaunchTemplateData.BlockDeviceMapping.1.Ebs.Iops"] = "3000",
            ["LaunchTemplateData.BlockDeviceMapping.1.Ebs.Throughput"] = "125",
            ["LaunchTemplateData.TagSpecification.1.ResourceType"] = "instance",
            ["LaunchTemplateData.TagSpecification.1.Tag.1.Key"] = "Name",
            ["LaunchTemplateData.TagSpecification.1.Tag.1.Value"] = "web",
            ["LaunchTemplateData.TagSpecification.1.Tag.2.Key"] = "gureum.io/owner",
            ["LaunchTemplateData.TagSpecification.1.Tag.2.Value"] = "default/web",
            ["LaunchTemplateData.TagSpecification.2.ResourceType"] = "volume",
            ["LaunchTemplateData.TagSpecification.2.Tag.1.Key"] = "Name",
            ["LaunchTemplateData.TagSpecification.2.Tag.1.Value"] = "web",
            ["LaunchTemplateData.TagSpecification.2.Tag.2.Key"] = "gureum.io/owner",
            ["LaunchTemplateData.TagSpecification.2.Tag.2.Value"] = "default/web",
            ["TagSpecification.1.ResourceType"] = "launch-template",
            ["TagSpecification.1.Tag.1.Key"] = "gureum.io/owner",
            ["TagSpecification.1.Tag.1.Value"] = "default/web",
        }, request.Members);
    }

    [Fact]
    public async Task Minimal_data_sends_only_image_and_type()
    {
        _http.Answer(Response("CreateLaunchTemplateVersion", """
            <launchTemplateVersion><launchTemplateId>lt-0a20c965061f64abc</launchTemplateId><launchTemplateName>web</launchTemplateName>
            <versionNumber>2</versionNumber><defaultVersion>false</defaultVersion>
            <launchTemplateData><imageId>ami-0abcdef1234567890</imageId><instanceType>t3.small</instanceType></launchTemplateData></launchTemplateVersion>
            """));
        var minimal = new Ec2LaunchTemplateData { ImageId = "ami-0abcdef1234567890", InstanceType = "t3.small" };

        var version = await _ec2.CreateLaunchTemplateVersionAsync("lt-0a20c965061f64abc", minimal, "uid-1-gen-3", None);

        Assert.Equal(new Ec2LaunchTemplateVersion("lt-0a20c965061f64abc", 2, false, minimal), version);
        Assert.Equal(new Dictionary<string, string>
        {
            ["ClientToken"] = "uid-1-gen-3",
            ["LaunchTemplateId"] = "lt-0a20c965061f64abc",
            ["LaunchTemplateData.ImageId"] = "ami-0abcdef1234567890",
            ["LaunchTemplateData.InstanceType"] = "t3.small",
        }, _http.Single().Members);
    }

    [Fact]
    public async Task A_new_version_reads_back_equal_to_the_data_it_was_made_from()
    {
        _http.Answer(Response("CreateLaunchTemplateVersion", $"""
            <launchTemplateVersion>
              <createTime>2026-11-20T11:00:00.000Z</createTime><createdBy>arn:aws:sts::123456789012:assumed-role/gureum/session</createdBy>
              <defaultVersion>false</defaultVersion>
              {DataXml}
              <launchTemplateId>lt-0a20c965061f64abc</launchTemplateId><launchTemplateName>web</launchTemplateName><versionNumber>3</versionNumber>
            </launchTemplateVersion>
            """));

        var version = await _ec2.CreateLaunchTemplateVersionAsync("lt-0a20c965061f64abc", Data, "uid-1-gen-4", None);

        Assert.Equal(("lt-0a20c965061f64abc", 3L, false), (version.LaunchTemplateId, version.VersionNumber, version.DefaultVersion));
        Assert.Equal(Data, version.Data);
        Assert.Equal(Data.GetHashCode(), version.Data.GetHashCode());
        Assert.NotEqual(Data with { SecurityGroupIds = ["sg-0123456789abcdef0", "sg-0a1b2c3d4e5f67890"] }, version.Data);
        Assert.Equal("lt-0a20c965061f64abc", _http.Single()["LaunchTemplateId"]);
    }

    [Fact]
    public async Task Versions_are_described_by_number_or_alias_across_pages()
    {
        _http.Answer(Response("DescribeLaunchTemplateVersions", $"""
                <launchTemplateVersionSet><item>
                  <launchTemplateId>lt-0a20c965061f64abc</launchTemplateId><launchTemplateName>web</launchTemplateName>
                  <versionNumber>3</versionNumber><defaultVersion>true</defaultVersion>{DataXml}
                </item></launchTemplateVersionSet><nextToken>page-2</nextToken>
                """))
            .Answer(Response("DescribeLaunchTemplateVersions", """
                <launchTemplateVersionSet><item>
                  <launchTemplateId>lt-0a20c965061f64abc</launchTemplateId><launchTemplateName>web</launchTemplateName>
                  <versionNumber>4</versionNumber><defaultVersion>false</defaultVersion>
                  <launchTemplateData><imageId>ami-0fedcba9876543210</imageId><instanceType>t3.micro</instanceType></launchTemplateData>
                </item></launchTemplateVersionSet>
                """));

        var none = await _ec2.DescribeLaunchTemplateVersionsAsync("lt-0a20c965061f64abc", [], None);
        var versions = await _ec2.DescribeLaunchTemplateVersionsAsync("lt-0a20c965061f64abc", ["$Default", "$Latest"], None);

        Assert.Empty(none);
        Assert.Equal([(3L, true), (4L, false)], versions.Select(v => (v.VersionNumber, v.DefaultVersion)));
        Assert.Equal(Data, versions[0].Data);
        Assert.Equal("ami-0fedcba9876543210", versions[1].Data.ImageId);
        Assert.Equal(2, _http.Requests.Count);
        Assert.All(_http.Requests, r =>
        {
            Assert.Equal("lt-0a20c965061f64abc", r["LaunchTemplateId"]);
            Assert.Equal(["$Default", "$Latest"], r.List("LaunchTemplateVersion"));
        });
        Assert.Equal([null, "page-2"], _http.Requests.Select(r => r.Get("NextToken")));
    }

    [Fact]
    public async Task Templates_are_found_by_name_with_a_filter_200_names_a_call_following_pages()
    {
        _http.Respond = r => (HttpStatusCode.OK, Response("DescribeLaunchTemplates", r.Get("NextToken") is null && r.List("Filter.1.Value").Count == 200
            ? $"<launchTemplates><item>{Template("lt-0000000000000000a", "t-000")}</item></launchTemplates><nextToken>more</nextToken>"
            : r.Get("NextToken") is "more"
                ? $"<launchTemplates><item>{Template("lt-0000000000000000b", "t-001", 2, 5)}</item></launchTemplates>"
                : "<launchTemplates/>"));
        var names = Enumerable.Range(0, 250).Select(i => $"t-{i:D3}").ToList();

        var none = await _ec2.FindLaunchTemplatesByNameAsync([], None);
        var found = await _ec2.FindLaunchTemplatesByNameAsync(names, None);

        Assert.Empty(none);
        Assert.Equal([("t-000", 1L, 1L), ("t-001", 2L, 5L)], found.Select(t => (t.LaunchTemplateName, t.DefaultVersionNumber, t.LatestVersionNumber)));
        Assert.Equal(3, _http.Requests.Count);
        Assert.All(_http.Requests, r => Assert.Equal(("launch-template-name", "5"), (r["Filter.1.Name"], r["MaxResults"])));
        Assert.Equal([200, 200, 50], _http.Requests.Select(r => r.List("Filter.1.Value").Count));
        Assert.Equal([null, "more", null], _http.Requests.Select(r => r.Get("NextToken")));
        Assert.Equal(names, _http.Requests.Where(r => r.Get("NextToken") is null).SelectMany(r => r.List("Filter.1.Value")));
    }

    [Fact]
    public async Task The_default_version_is_set_with_ModifyLaunchTemplate()
    {
        _http.Answer(Response("ModifyLaunchTemplate", $"<launchTemplate>{Template("lt-0a20c965061f64abc", "web", 4, 4)}</launchTemplate>"));

        var template = await _ec2.SetDefaultVersionAsync("lt-0a20c965061f64abc", 4, None);

        Assert.Equal(4, template.DefaultVersionNumber);
        // The SDK fills ModifyLaunchTemplate's ClientToken itself (an idempotency token in the model).
        Assert.Equal(new Dictionary<string, string> { ["LaunchTemplateId"] = "lt-0a20c965061f64abc", ["SetDefaultVersion"] = "4" },
            _http.Single().Members.Where(m => m.Key != "ClientToken").ToDictionary());
    }

    [Fact]
    public async Task Deleting_a_template_that_is_gone_succeeds_and_other_errors_do_not()
    {
        _http.Answer(Response("DeleteLaunchTemplate", $"<launchTemplate>{Template("lt-0a20c965061f64abc", "web")}</launchTemplate>"))
            .Answer(Error("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID lt-0a20c965061f64abc, does not exist."), HttpStatusCode.BadRequest);

        await _ec2.DeleteLaunchTemplateAsync("lt-0a20c965061f64abc", None);
        await _ec2.DeleteLaunchTemplateAsync("lt-0a20c965061f64abc", None);
        _http.Answer(Error("UnauthorizedOperation", "You are not authorized to perform this operation."), HttpStatusCode.Forbidden);
        var e = await Assert.ThrowsAsync<AwsException>(() => _ec2.DeleteLaunchTemplateAsync("lt-0a20c965061f64abc", None));

        Assert.Equal(AwsErrorKind.AccessDenied, e.Kind);
        Assert.Equal(3, _http.Requests.Count);
        Assert.All(_http.Requests, r => Assert.Equal(("DeleteLaunchTemplate", "lt-0a20c965061f64abc"), (r.Action, r["LaunchTemplateId"])));
    }

    private static string Instance(string id, string state = "running", string? templateVersion = "3") => $"""
        <item>
          <instanceId>{id}</instanceId><imageId>ami-0abcdef1234567890</imageId>
          <instanceState><code>16</code><name>{state}</name></instanceState>
          <privateDnsName>ip-10-0-1-12.eu-west-1.compute.internal</privateDnsName><dnsName/>
          <instanceType>t3.micro</instanceType><launchTime>2026-11-20T10:16:05.000Z</launchTime>
          <placement><availabilityZone>eu-west-1a</availabilityZone><groupName/><tenancy>default</tenancy></placement>
          <subnetId>subnet-057fa0918fEXAMPLE</subnetId><vpcId>vpc-0a60eb65b4EXAMPLE</vpcId><privateIpAddress>10.0.1.12</privateIpAddress>
          <iamInstanceProfile><arn>arn:aws:iam::123456789012:instance-profile/web</arn><id>AIPAJ2ZXKQ7MBEXAMPLE</id></iamInstanceProfile>
          <tagSet>
            <item><key>aws:ec2launchtemplate:id</key><value>lt-0a20c965061f64abc</value></item>
            {(templateVersion is null ? "" : $"<item><key>aws:ec2launchtemplate:version</key><value>{templateVersion}</value></item>")}
            <item><key>aws:autoscaling:groupName</key><value>web</value></item>
            <item><key>Name</key><value>web</value></item>
          </tagSet>
        </item>
        """;

    private static string Reservations(params string[][] reservations) =>
        "<reservationSet>" + string.Concat(reservations.Select((instances, i) =>
            $"<item><reservationId>r-0{i}d5dc1b3aEXAMPLE</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>{string.Concat(instances)}</instancesSet></item>"))
        + "</reservationSet>";

    [Fact]
    public async Task Instances_are_flattened_from_reservations_with_their_launch_template_read_from_tags()
    {
        _http.Answer(Response("DescribeInstances", Reservations([Instance("i-05b4f7d5be44822a6")], [Instance("i-0c20ac468fa3049e8", "pending", null)])));

        var instances = await _ec2.DescribeInstancesAsync(["i-05b4f7d5be44822a6", "i-0c20ac468fa3049e8"], null, None);

        Assert.Equal(2, instances.Count);
        var a = instances[0];
        Assert.Equal(("i-05b4f7d5be44822a6", "running", "t3.micro", "ami-0abcdef1234567890", "subnet-057fa0918fEXAMPLE", "eu-west-1a", "10.0.1.12"),
            (a.InstanceId, a.State, a.InstanceType, a.ImageId, a.SubnetId, a.AvailabilityZone, a.PrivateIpAddress));
        Assert.Equal(("lt-0a20c965061f64abc", "3", "arn:aws:iam::123456789012:instance-profile/web"), (a.LaunchTemplateId, a.LaunchTemplateVersion, a.IamInstanceProfileArn));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 16, 5, TimeSpan.Zero), a.LaunchTime);
        Assert.Contains(new Ec2Tag("aws:autoscaling:groupName", "web"), a.Tags);
        Assert.Equal(("i-0c20ac468fa3049e8", "pending", "lt-0a20c965061f64abc", (string?)null),
            (instances[1].InstanceId, instances[1].State, instances[1].LaunchTemplateId, instances[1].LaunchTemplateVersion));
        var request = _http.Single();
        Assert.Equal(["i-05b4f7d5be44822a6", "i-0c20ac468fa3049e8"], request.List("InstanceId"));
        Assert.Null(request.Get("MaxResults"));
    }

    [Fact]
    public async Task Unknown_instance_ids_are_left_out_by_asking_again_with_the_instance_id_filter()
    {
        _http.Respond = r => r.Get("InstanceId.1") is not null
            ? (HttpStatusCode.BadRequest, Error("InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist"))
            : (HttpStatusCode.OK, Response("DescribeInstances", Reservations([Instance("i-05b4f7d5be44822a6")])));

        var none = await _ec2.DescribeInstancesAsync([], null, None);
        var instances = await _ec2.DescribeInstancesAsync(["i-05b4f7d5be44822a6", "i-0123456789abcdef0"], [Ec2Filter.Of("instance-state-name", "running")], None);

        Assert.Empty(none);
        Assert.Equal(["i-05b4f7d5be44822a6"], instances.Select(i => i.InstanceId));
        Assert.Equal(2, _http.Requests.Count);
        var retry = _http.Requests[1];
        Assert.Equal(("instance-state-name", "running", "instance-id"), (retry["Filter.1.Name"], retry["Filter.1.Value.1"], retry["Filter.2.Name"]));
        Assert.Equal(["i-05b4f7d5be44822a6", "i-0123456789abcdef0"], retry.List("Filter.2.Value"));
        Assert.Empty(retry.List("InstanceId"));
    }

    [Fact]
    public async Task Instances_by_filter_follow_every_page()
    {
        _http.Answer(Response("DescribeInstances", Reservations([Instance("i-1"), Instance("i-2")]) + "<nextToken>p2</nextToken>"))
            .Answer(Response("DescribeInstances", Reservations([Instance("i-3")])));

        var instances = await _ec2.DescribeInstancesAsync(null, [Ec2Filter.Of("tag:aws:autoscaling:groupName", "web")], None);

        Assert.Equal(["i-1", "i-2", "i-3"], instances.Select(i => i.InstanceId));
        Assert.Equal([null, "p2"], _http.Requests.Select(r => r.Get("NextToken")));
        Assert.All(_http.Requests, r => Assert.Equal(("tag:aws:autoscaling:groupName", "web", "1000"), (r["Filter.1.Name"], r["Filter.1.Value.1"], r["MaxResults"])));
    }

    [Fact]
    public async Task Tags_are_created_and_deleted_by_key_and_nothing_is_sent_for_nothing()
    {
        _http.Respond = r => (HttpStatusCode.OK, Response(r.Action, "<return>true</return>"));

        await _ec2.CreateTagsAsync(["i-1", "lt-0a20c965061f64abc"], [new Ec2Tag("team", "web"), new Ec2Tag("empty", "")], None);
        await _ec2.DeleteTagsAsync(["i-1"], ["old"], None);
        await _ec2.CreateTagsAsync([], [new Ec2Tag("team", "web")], None);
        await _ec2.DeleteTagsAsync(["i-1"], [], None);

        Assert.Equal(["CreateTags", "DeleteTags"], _http.Requests.Select(r => r.Action));
        Assert.Equal(new Dictionary<string, string>
        {
            ["ResourceId.1"] = "i-1",
            ["ResourceId.2"] = "lt-0a20c965061f64abc",
            ["Tag.1.Key"] = "team",
            ["Tag.1.Value"] = "web",
            ["Tag.2.Key"] = "empty",
            ["Tag.2.Value"] = "",
        }, _http.Requests[0].Members);
        Assert.Equal(new Dictionary<string, string> { ["ResourceId.1"] = "i-1", ["Tag.1.Key"] = "old" }, _http.Requests[1].Members);
    }

    public static TheoryData<string, AwsErrorKind> Errors => new()
    {
        { "InvalidLaunchTemplateName.AlreadyExistsException", AwsErrorKind.AlreadyExists },
        { "InvalidLaunchTemplateId.NotFound", AwsErrorKind.NotFound },
        { "InvalidLaunchTemplateName.NotFoundException", AwsErrorKind.NotFound },
        { "InvalidLaunchTemplateId.VersionNotFound", AwsErrorKind.NotFound },
        { "InvalidParameterValue", AwsErrorKind.Invalid },
        { "InvalidAMIID.Malformed", AwsErrorKind.Invalid },
        { "InvalidAMIID.NotFound", AwsErrorKind.Invalid },
        { "RequestLimitExceeded", AwsErrorKind.Throttled },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task EC2_error_codes_of_template_writes_become_kinds(string code, AwsErrorKind kind)
    {
        _http.Answer(Error(code, "refused"), code == "RequestLimitExceeded" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadRequest);

        var e = await Assert.ThrowsAsync<AwsException>(() => _ec2.CreateLaunchTemplateVersionAsync("lt-0a20c965061f64abc", Data, "t", None));

        Assert.Equal((code, kind), (e.Code, e.Kind));
    }

    [Fact]
    public async Task A_malformed_instance_id_is_left_out_too()
    {
        _http.Answer(Error("InvalidInstanceID.Malformed", "Invalid id: \"nope\""), HttpStatusCode.BadRequest)
            .Answer(Response("DescribeInstances", "<reservationSet/>"));

        var instances = await _ec2.DescribeInstancesAsync(["nope"], null, None);

        Assert.Empty(instances);
        Assert.Equal(["nope"], _http.Requests[1].List("Filter.1.Value"));
    }
}
