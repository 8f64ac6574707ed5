using System.Net;
using Gureum.Aws.AutoScaling;
using Gureum.Aws.Errors;
using Gureum.Aws.Pipeline;

namespace Gureum.Aws.Tests;

/// <summary>The Auto Scaling client against a recording handler (no emulator for Auto Scaling yet): the Query form
/// each call sends, member names as botocore's autoscaling 2011-01-01 model spells them, the parsing of AWS's
/// documented response shapes, batching, paging and error kinds.</summary>
public sealed class AutoScalingClientTests : IDisposable
{
    private const string Ns = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private const string Metadata = "<ResponseMetadata><RequestId>7c6e177f-f082-11e1-ac58-3714bEXAMPLE</RequestId></ResponseMetadata>";
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly RecordingHandler _http = new();
    private readonly AwsClients _aws;

    public AutoScalingClientTests() =>
        _aws = AwsClients.Create(
            AwsSettings.ForEndpoint(new Uri("https://aws.test/"), "eu-west-1", "AKIDEXAMPLE", "secret") with { Retry = new AwsRetryOptions { MaxAttempts = 1 } },
            TimeProvider.System, transport: _http);

    private IAutoScalingClient Asg => _aws.AutoScaling;

    public void Dispose() => _aws.Dispose();

    private static string Response(string action, string result = "") =>
        result.Length == 0
            ? $"<{action}Response xmlns=\"{Ns}\">{Metadata}</{action}Response>"
            : $"<{action}Response xmlns=\"{Ns}\"><{action}Result>{result}</{action}Result>{Metadata}</{action}Response>";

    private static string Group(string name, string extra = "") => $"""
        <member>
          <AutoScalingGroupName>{name}</AutoScalingGroupName>
          <AutoScalingGroupARN>arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/{name}</AutoScalingGroupARN>
          <LaunchTemplate><LaunchTemplateId>lt-0b97f1e282EXAMPLE</LaunchTemplateId><LaunchTemplateName>{name}-lt</LaunchTemplateName><Version>$Default</Version></LaunchTemplate>
          <MinSize>1</MinSize><MaxSize>5</MaxSize><DesiredCapacity>2</DesiredCapacity><DefaultCooldown>300</DefaultCooldown>
          <AvailabilityZones><member>eu-west-1a</member><member>eu-west-1b</member></AvailabilityZones>
          <LoadBalancerNames/>
          <TargetGroupARNs><member>arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067</member></TargetGroupARNs>
          <HealthCheckType>ELB</HealthCheckType><HealthCheckGracePeriod>300</HealthCheckGracePeriod>
          <CreatedTime>2026-11-20T10:15:30.510Z</CreatedTime>
          <VPCZoneIdentifier>subnet-057fa0918fEXAMPLE,subnet-610acd08EXAMPLE</VPCZoneIdentifier>
          <DefaultInstanceWarmup>120</DefaultInstanceWarmup>
          {extra}
        </member>
        """;

    [Fact]
    public async Task Create_sends_the_group_with_its_template_subnets_target_groups_and_tags()
    {
        _http.Answer(Response("CreateAutoScalingGroup"));

        await Asg.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest("web", new AsgLaunchTemplate("lt-0b97f1e282EXAMPLE", null, "3"), 1, 5)
        {
            DesiredCapacity = 2,
            SubnetIds = ["subnet-057fa0918fEXAMPLE", "subnet-610acd08EXAMPLE"],
            TargetGroupArns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"],
            HealthCheckType = AsgValues.HealthCheckElb,
            HealthCheckGracePeriod = 300,
            DefaultInstanceWarmup = 120,
            Tags = [new AsgTag("ignored", "team", "web", PropagateAtLaunch: true), new AsgTag("", "gureum.io/owner", "default/web")],
        }, None);

        var request = _http.Single();
        Assert.Equal(("CreateAutoScalingGroup", "2011-01-01"), (request.Action, request["Version"]));
        Assert.Contains("/eu-west-1/autoscaling/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string>
        {
            ["AutoScalingGroupName"] = "web",
            ["LaunchTemplate.LaunchTemplateId"] = "lt-0b97f1e282EXAMPLE",
            ["LaunchTemplate.Version"] = "3",
            ["MinSize"] = "1",
            ["MaxSize"] = "5",
            ["DesiredCapacity"] = "2",
            ["VPCZoneIdentifier"] = "subnet-057fa0918fEXAMPLE,subnet-610acd08EXAMPLE",
            ["TargetGroupARNs.member.1"] = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067",
            ["HealthCheckType"] = "ELB",
            ["HealthCheckGracePeriod"] = "300",
            ["DefaultInstanceWarmup"] = "120",
            ["Tags.member.1.ResourceId"] = "web",
            ["Tags.member.1.ResourceType"] = "auto-scaling-group",
            ["Tags.member.1.Key"] = "team",
            ["Tags.member.1.Value"] = "web",
            ["Tags.member.1.PropagateAtLaunch"] = "true",
            ["Tags.member.2.ResourceId"] = "web",
            ["Tags.member.2.ResourceType"] = "auto-scaling-group",
            ["Tags.member.2.Key"] = "gureum.io/owner",
            ["Tags.member.2.Value"] = "default/web",
            ["Tags.member.2.PropagateAtLaunch"] = "false",
        }, request.Members);
    }

    [Fact]
    public async Task Update_sends_only_the_members_that_change()
    {
        _http.Answer(Response("UpdateAutoScalingGroup"));

        await Asg.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest("web")
        {
            LaunchTemplate = new AsgLaunchTemplate(null, "web-lt", AsgValues.Latest),
            MaxSize = 10,
            SubnetIds = ["subnet-1", "subnet-2", "subnet-3"],
        }, None);

        var request = _http.Single();
        Assert.Equal("UpdateAutoScalingGroup", request.Action);
        Assert.Equal(new Dictionary<string, string>
        {
            ["AutoScalingGroupName"] = "web",
            ["LaunchTemplate.LaunchTemplateName"] = "web-lt",
            ["LaunchTemplate.Version"] = "$Latest",
            ["MaxSize"] = "10",
            ["VPCZoneIdentifier"] = "subnet-1,subnet-2,subnet-3",
        }, request.Members);
    }

    [Fact]
    public async Task Describe_reads_a_group_with_its_instances_and_tags()
    {
        _http.Answer(Response("DescribeAutoScalingGroups", $"""
            <AutoScalingGroups>
            {Group("web", """
                <Instances>
                  <member>
                    <InstanceId>i-05b4f7d5be44822a6</InstanceId><InstanceType>t3.micro</InstanceType>
                    <AvailabilityZone>eu-west-1a</AvailabilityZone><LifecycleState>InService</LifecycleState>
                    <HealthStatus>Healthy</HealthStatus>
                    <LaunchTemplate><LaunchTemplateId>lt-0b97f1e282EXAMPLE</LaunchTemplateId><LaunchTemplateName>web-lt</LaunchTemplateName><Version>1</Version></LaunchTemplate>
                    <ProtectedFromScaleIn>false</ProtectedFromScaleIn>
                  </member>
                  <member>
                    <InstanceId>i-0c20ac468fa3049e8</InstanceId><InstanceType>t3.micro</InstanceType>
                    <AvailabilityZone>eu-west-1b</AvailabilityZone><LifecycleState>Pending</LifecycleState>
                    <HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>true</ProtectedFromScaleIn>
                  </member>
                </Instances>
                <Tags>
                  <member><ResourceId>web</ResourceId><ResourceType>auto-scaling-group</ResourceType><Key>team</Key><Value>web</Value><PropagateAtLaunch>true</PropagateAtLaunch></member>
                  <member><ResourceId>web</ResourceId><ResourceType>auto-scaling-group</ResourceType><Key>empty</Key><Value></Value><PropagateAtLaunch>false</PropagateAtLaunch></member>
                </Tags>
                <Status>Delete in progress</Status>
                """)}
            </AutoScalingGroups>
            """));

        var group = Assert.Single(await Asg.DescribeAutoScalingGroupsAsync(["web"], None));

        Assert.Equal(("web", "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:930d940e-891e-4781-a11a-7b0acd480f03:autoScalingGroupName/web"),
            (group.Name, group.Arn));
        Assert.Equal(new AsgLaunchTemplate("lt-0b97f1e282EXAMPLE", "web-lt", "$Default"), group.LaunchTemplate);
        Assert.Equal((1, 5, 2), (group.MinSize, group.MaxSize, group.DesiredCapacity));
        Assert.Equal(["subnet-057fa0918fEXAMPLE", "subnet-610acd08EXAMPLE"], group.SubnetIds);
        Assert.Equal(["arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067"], group.TargetGroupArns);
        Assert.Equal(("ELB", 300, (int?)120), (group.HealthCheckType, group.HealthCheckGracePeriod, group.DefaultInstanceWarmup));
        Assert.Equal("Delete in progress", group.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 15, 30, 510, TimeSpan.Zero), group.CreatedTime);
        Assert.Equal(
            [
                new AsgInstance("i-05b4f7d5be44822a6", "eu-west-1a", AsgValues.InService, AsgValues.Healthy,
                    new AsgLaunchTemplate("lt-0b97f1e282EXAMPLE", "web-lt", "1"), "t3.micro", false),
                new AsgInstance("i-0c20ac468fa3049e8", "eu-west-1b", "Pending", AsgValues.Healthy, null, "t3.micro", true),
            ], group.Instances);
        Assert.Equal([new AsgTag("web", "team", "web", true), new AsgTag("web", "empty", "", false)], group.Tags);
        var request = _http.Single();
        Assert.Equal(["web"], request.List("AutoScalingGroupNames.member"));
        Assert.Equal("100", request["MaxRecords"]);
    }

    [Fact]
    public async Task A_group_without_optional_members_reads_with_defaults()
    {
        _http.Answer(Response("DescribeAutoScalingGroups", """
            <AutoScalingGroups><member>
              <AutoScalingGroupName>bare</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/bare</AutoScalingGroupARN>
              <MinSize>0</MinSize><MaxSize>0</MaxSize><DesiredCapacity>0</DesiredCapacity>
              <HealthCheckType>EC2</HealthCheckType><CreatedTime>2026-11-20T10:15:30Z</CreatedTime>
              <VPCZoneIdentifier/><Instances/><Tags/><TargetGroupARNs/>
            </member></AutoScalingGroups>
            """));

        var group = Assert.Single(await Asg.DescribeAutoScalingGroupsAsync(["bare"], None));

        Assert.Null(group.LaunchTemplate);
        Assert.Empty(group.SubnetIds);
        Assert.Empty(group.TargetGroupArns);
        Assert.Empty(group.Instances);
        Assert.Empty(group.Tags);
        Assert.Equal(("EC2", 0, (int?)null, (string?)null), (group.HealthCheckType, group.HealthCheckGracePeriod, group.DefaultInstanceWarmup, group.Status));
    }

    [Fact]
    public async Task Describe_sends_at_most_100_names_a_call_and_no_call_for_none()
    {
        _http.Respond = r => (HttpStatusCode.OK, Response("DescribeAutoScalingGroups",
            "<AutoScalingGroups>" + string.Concat(r.List("AutoScalingGroupNames.member").Where(n => n.EndsWith('0')).Select(n => Group(n))) + "</AutoScalingGroups>"));
        var names = Enumerable.Range(0, 250).Select(i => $"group-{i:D3}").ToList();

        var none = await Asg.DescribeAutoScalingGroupsAsync([], None);
        var groups = await Asg.DescribeAutoScalingGroupsAsync([.. names, "group-000"], None);

        Assert.Empty(none);
        Assert.Equal([100, 100, 50], _http.Requests.Select(r => r.List("AutoScalingGroupNames.member").Count));
        Assert.Equal(names, _http.Requests.SelectMany(r => r.List("AutoScalingGroupNames.member")));
        Assert.Equal(names.Where(n => n.EndsWith('0')), groups.Select(g => g.Name));
        Assert.Equal(3, _aws.Pipeline.Attempts(AwsService.AutoScaling, "DescribeAutoScalingGroups"));
    }

    [Fact]
    public async Task Describe_follows_NextToken_with_the_same_names()
    {
        _http.Answer(Response("DescribeAutoScalingGroups", $"<AutoScalingGroups>{Group("a")}</AutoScalingGroups><NextToken>token-2</NextToken>"))
            .Answer(Response("DescribeAutoScalingGroups", $"<AutoScalingGroups>{Group("b")}</AutoScalingGroups><NextToken>token-3</NextToken>"))
            .Answer(Response("DescribeAutoScalingGroups", $"<AutoScalingGroups>{Group("c")}</AutoScalingGroups>"));

        var groups = await Asg.DescribeAutoScalingGroupsAsync(["a", "b", "c"], None);

        Assert.Equal(["a", "b", "c"], groups.Select(g => g.Name));
        Assert.Equal([null, "token-2", "token-3"], _http.Requests.Select(r => r.Get("NextToken")));
        Assert.All(_http.Requests, r => Assert.Equal(["a", "b", "c"], r.List("AutoScalingGroupNames.member")));
    }

    [Fact]
    public async Task Group_writes_send_their_members()
    {
        _http.Respond = r => (HttpStatusCode.OK, r.Action == "TerminateInstanceInAutoScalingGroup"
            ? Response(r.Action, "<Activity><ActivityId>cbe2e5a5-3d3d-4fb1-a2d4-8de9EXAMPLE</ActivityId><AutoScalingGroupName>web</AutoScalingGroupName>"
                + "<Description>Terminating EC2 instance: i-05b4f7d5be44822a6</Description><Cause>At 2026-11-20T10:20:00Z instance i-05b4f7d5be44822a6 was taken out of service in response to a user request.</Cause>"
                + "<StartTime>2026-11-20T10:20:00Z</StartTime><StatusCode>InProgress</StatusCode><Progress>0</Progress></Activity>")
            : r.Action.EndsWith("TargetGroups", StringComparison.Ordinal) ? Response(r.Action, "") : Response(r.Action));
        const string tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067";

        await Asg.DeleteAutoScalingGroupAsync("web", forceDelete: true, None);
        await Asg.DeleteAutoScalingGroupAsync("old", forceDelete: false, None);
        await Asg.SetDesiredCapacityAsync("web", 3, None);
        await Asg.TerminateInstanceInAutoScalingGroupAsync("i-05b4f7d5be44822a6", decrementDesiredCapacity: false, None);
        await Asg.AttachLoadBalancerTargetGroupsAsync("web", [tg], None);
        await Asg.DetachLoadBalancerTargetGroupsAsync("web", [tg], None);

        Assert.Equal(
            [
                ("DeleteAutoScalingGroup", "AutoScalingGroupName=web, ForceDelete=true"),
                ("DeleteAutoScalingGroup", "AutoScalingGroupName=old"),
                ("SetDesiredCapacity", "AutoScalingGroupName=web, DesiredCapacity=3"),
                ("TerminateInstanceInAutoScalingGroup", "InstanceId=i-05b4f7d5be44822a6, ShouldDecrementDesiredCapacity=false"),
                ("AttachLoadBalancerTargetGroups", $"AutoScalingGroupName=web, TargetGroupARNs.member.1={tg}"),
                ("DetachLoadBalancerTargetGroups", $"AutoScalingGroupName=web, TargetGroupARNs.member.1={tg}"),
            ],
            _http.Requests.Select(r => (r.Action, string.Join(", ", r.Members.Select(m => $"{m.Key}={m.Value}")))));
    }

    [Fact]
    public async Task Tags_are_written_per_group_and_deleted_by_key()
    {
        _http.Respond = r => (HttpStatusCode.OK, Response(r.Action));

        await Asg.CreateOrUpdateTagsAsync([new AsgTag("web", "team", "web", true), new AsgTag("api", "team", "api")], None);
        await Asg.DeleteTagsAsync([new AsgTag("web", "old", "x", true)], None);
        await Asg.CreateOrUpdateTagsAsync([], None);
        await Asg.DeleteTagsAsync([], None);

        Assert.Equal(2, _http.Requests.Count);
        Assert.Equal(["CreateOrUpdateTags", "DeleteTags"], _http.Requests.Select(r => r.Action));
        Assert.Equal(new Dictionary<string, string>
        {
            ["Tags.member.1.ResourceId"] = "web",
            ["Tags.member.1.ResourceType"] = "auto-scaling-group",
            ["Tags.member.1.Key"] = "team",
            ["Tags.member.1.Value"] = "web",
            ["Tags.member.1.PropagateAtLaunch"] = "true",
            ["Tags.member.2.ResourceId"] = "api",
            ["Tags.member.2.ResourceType"] = "auto-scaling-group",
            ["Tags.member.2.Key"] = "team",
            ["Tags.member.2.Value"] = "api",
            ["Tags.member.2.PropagateAtLaunch"] = "false",
        }, _http.Requests[0].Members);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Tags.member.1.ResourceId"] = "web",
            ["Tags.member.1.ResourceType"] = "auto-scaling-group",
            ["Tags.member.1.Key"] = "old",
        }, _http.Requests[1].Members);
    }

    [Fact]
    public async Task A_target_tracking_policy_is_put_with_its_predefined_metric_and_its_ARN_returned()
    {
        const string arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:228f02c2-c665-4bfd-aaac-8b04080bea3c:autoScalingGroupName/web:policyName/requests";
        _http.Answer(Response("PutScalingPolicy", $"""
            <PolicyARN>{arn}</PolicyARN>
            <Alarms>
              <member><AlarmName>TargetTracking-web-AlarmHigh-fc0e4183-23ac-497e-9992-691c9980c38e</AlarmName><AlarmARN>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:TargetTracking-web-AlarmHigh-fc0e4183-23ac-497e-9992-691c9980c38e</AlarmARN></member>
            </Alarms>
            """));

        var result = await Asg.PutTargetTrackingPolicyAsync(new PutTargetTrackingPolicyRequest("web", "requests", AsgValues.RequestCountPerTarget, 1000.5,
            "app/web/50dc6c495c0c9188/targetgroup/web/73e2d6bc24d8a067")
        {
            EstimatedInstanceWarmup = 90,
            DisableScaleIn = true,
        }, None);

        Assert.Equal(arn, result);
        var request = _http.Single();
        Assert.Equal("PutScalingPolicy", request.Action);
        Assert.Equal(new Dictionary<string, string>
        {
            ["AutoScalingGroupName"] = "web",
            ["PolicyName"] = "requests",
            ["PolicyType"] = "TargetTrackingScaling",
            ["EstimatedInstanceWarmup"] = "90",
            ["TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType"] = "ALBRequestCountPerTarget",
            ["TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel"] = "app/web/50dc6c495c0c9188/targetgroup/web/73e2d6bc24d8a067",
            ["TargetTrackingConfiguration.TargetValue"] = "1000.5",
            ["TargetTrackingConfiguration.DisableScaleIn"] = "true",
        }, request.Members);
    }

    [Fact]
    public async Task Policies_are_read_with_their_target_tracking_configuration_and_deleted_by_name()
    {
        _http.Answer(Response("DescribePolicies", """
            <ScalingPolicies>
              <member>
                <AutoScalingGroupName>web</AutoScalingGroupName><PolicyName>cpu50</PolicyName>
                <PolicyARN>arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:autoScalingGroupName/web:policyName/cpu50</PolicyARN>
                <PolicyType>TargetTrackingScaling</PolicyType><EstimatedInstanceWarmup>60</EstimatedInstanceWarmup>
                <StepAdjustments/>
                <Alarms><member><AlarmName>TargetTracking-web-AlarmHigh-1</AlarmName><AlarmARN>arn:aws:cloudwatch:eu-west-1:123456789012:alarm:TargetTracking-web-AlarmHigh-1</AlarmARN></member></Alarms>
                <TargetTrackingConfiguration>
                  <PredefinedMetricSpecification><PredefinedMetricType>ASGAverageCPUUtilization</PredefinedMetricType></PredefinedMetricSpecification>
                  <TargetValue>50.0</TargetValue><DisableScaleIn>false</DisableScaleIn>
                </TargetTrackingConfiguration>
                <Enabled>true</Enabled>
              </member>
              <member>
                <AutoScalingGroupName>web</AutoScalingGroupName><PolicyName>step</PolicyName>
                <PolicyARN>arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:2:autoScalingGroupName/web:policyName/step</PolicyARN>
                <PolicyType>SimpleScaling</PolicyType><AdjustmentType>ChangeInCapacity</AdjustmentType><ScalingAdjustment>1</ScalingAdjustment>
                <Enabled>true</Enabled>
              </member>
            </ScalingPolicies>
            """)).Answer(Response("DeletePolicy"));

        var policies = await Asg.DescribePoliciesAsync("web", None);
        await Asg.DeletePolicyAsync("web", "cpu50", None);

        Assert.Equal(
            [
                new AsgScalingPolicy("web", "cpu50", "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:autoScalingGroupName/web:policyName/cpu50",
                    "TargetTrackingScaling", "ASGAverageCPUUtilization", 50.0, null, false, 60),
                new AsgScalingPolicy("web", "step", "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:2:autoScalingGroupName/web:policyName/step",
                    "SimpleScaling", null, null, null, false, null),
            ], policies);
        Assert.Equal("web", _http.Requests[0]["AutoScalingGroupName"]);
        Assert.Null(_http.Requests[0].Get("MaxRecords"));
        Assert.Equal(("DeletePolicy", "web", "cpu50"), (_http.Requests[1].Action, _http.Requests[1]["AutoScalingGroupName"], _http.Requests[1]["PolicyName"]));
    }

    [Fact]
    public async Task An_instance_refresh_starts_with_its_preferences_and_desired_template()
    {
        _http.Answer(Response("StartInstanceRefresh", "<InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId>"));

        var id = await Asg.StartInstanceRefreshAsync(new StartInstanceRefreshRequest("web")
        {
            MinHealthyPercentage = 90,
            InstanceWarmup = 60,
            DesiredLaunchTemplate = new AsgLaunchTemplate("lt-0b97f1e282EXAMPLE", null, "4"),
        }, None);

        Assert.Equal("08b91cf7-8fa6-48af-b6a6-d227f40f1b9b", id);
        Assert.Equal(new Dictionary<string, string>
        {
            ["AutoScalingGroupName"] = "web",
            ["DesiredConfiguration.LaunchTemplate.LaunchTemplateId"] = "lt-0b97f1e282EXAMPLE",
            ["DesiredConfiguration.LaunchTemplate.Version"] = "4",
            ["Preferences.MinHealthyPercentage"] = "90",
            ["Preferences.InstanceWarmup"] = "60",
            ["Preferences.SkipMatching"] = "true",
        }, _http.Single().Members);
    }

    [Fact]
    public async Task Instance_refreshes_are_read_newest_first_across_pages_and_cancelled_by_group()
    {
        _http.Answer(Response("DescribeInstanceRefreshes", """
                <InstanceRefreshes>
                  <member>
                    <InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId><AutoScalingGroupName>web</AutoScalingGroupName>
                    <Status>InProgress</Status><StatusReason>Waiting for instances to warm up before continuing. For example: i-0645704820a8e83ff is warming up.</StatusReason>
                    <StartTime>2026-11-20T10:30:00Z</StartTime><PercentageComplete>50</PercentageComplete><InstancesToUpdate>1</InstancesToUpdate>
                    <Preferences><MinHealthyPercentage>90</MinHealthyPercentage><InstanceWarmup>60</InstanceWarmup><SkipMatching>true</SkipMatching></Preferences>
                  </member>
                </InstanceRefreshes>
                <NextToken>next</NextToken>
                """))
            .Answer(Response("DescribeInstanceRefreshes", """
                <InstanceRefreshes>
                  <member>
                    <InstanceRefreshId>dd7728d0-5bc4-4575-96a3-1b2c52bf8bb1</InstanceRefreshId><AutoScalingGroupName>web</AutoScalingGroupName>
                    <Status>Successful</Status><StartTime>2026-11-19T08:00:00Z</StartTime><EndTime>2026-11-19T08:20:00Z</EndTime>
                    <PercentageComplete>100</PercentageComplete><InstancesToUpdate>0</InstancesToUpdate>
                  </member>
                </InstanceRefreshes>
                """))
            .Answer(Response("CancelInstanceRefresh", "<InstanceRefreshId>08b91cf7-8fa6-48af-b6a6-d227f40f1b9b</InstanceRefreshId>"));

        var refreshes = await Asg.DescribeInstanceRefreshesAsync("web", None);
        await Asg.CancelInstanceRefreshAsync("web", None);

        Assert.Equal(
            [
                new AsgInstanceRefresh("08b91cf7-8fa6-48af-b6a6-d227f40f1b9b", "web", AsgValues.RefreshInProgress,
                    "Waiting for instances to warm up before continuing. For example: i-0645704820a8e83ff is warming up.", 50, 1,
                    new DateTimeOffset(2026, 11, 20, 10, 30, 0, TimeSpan.Zero), null),
                new AsgInstanceRefresh("dd7728d0-5bc4-4575-96a3-1b2c52bf8bb1", "web", AsgValues.RefreshSuccessful, null, 100, 0,
                    new DateTimeOffset(2026, 11, 19, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 19, 8, 20, 0, TimeSpan.Zero)),
            ], refreshes);
        Assert.Equal([null, "next"], _http.Requests.Take(2).Select(r => r.Get("NextToken")));
        Assert.Equal(("CancelInstanceRefresh", "web"), (_http.Requests[2].Action, _http.Requests[2]["AutoScalingGroupName"]));
    }

    private static string Activity(int i) => $"""
        <member>
          <ActivityId>f9f2d65b-f1f2-43e7-b46d-d86756{i:D6}</ActivityId><AutoScalingGroupName>web</AutoScalingGroupName>
          <Description>Launching a new EC2 instance: i-0d44425630326060{i}</Description>
          <Cause>At 2026-11-20T10:0{i}:00Z a user request update of AutoScalingGroup constraints to min: 1, max: 5, desired: 2 changing the desired capacity from 1 to 2.</Cause>
          <StartTime>2026-11-20T10:0{i}:05.123Z</StartTime><EndTime>2026-11-20T10:0{i}:40Z</EndTime>
          <StatusCode>Successful</StatusCode><Progress>100</Progress><Details>{"{"}"Subnet ID":"subnet-5ea0c127","Availability Zone":"eu-west-1a"{"}"}</Details>
        </member>
        """;

    [Fact]
    public async Task Scaling_activities_are_read_up_to_the_number_asked_for()
    {
        _http.Answer(Response("DescribeScalingActivities", $"<Activities>{Activity(3)}{Activity(2)}</Activities><NextToken>more</NextToken>"))
            .Answer(Response("DescribeScalingActivities", $"<Activities>{Activity(1)}</Activities><NextToken>even-more</NextToken>"));

        var activities = await Asg.DescribeScalingActivitiesAsync("web", 3, None);

        Assert.Equal(3, activities.Count);
        Assert.Equal(new AsgActivity("f9f2d65b-f1f2-43e7-b46d-d86756000003", "web", "Launching a new EC2 instance: i-0d444256303260603",
            "At 2026-11-20T10:03:00Z a user request update of AutoScalingGroup constraints to min: 1, max: 5, desired: 2 changing the desired capacity from 1 to 2.",
            "Successful", new DateTimeOffset(2026, 11, 20, 10, 3, 5, 123, TimeSpan.Zero)), activities[0]);
        Assert.Equal(["3", "1"], _http.Requests.Select(r => r["MaxRecords"]));
        Assert.Equal([null, "more"], _http.Requests.Select(r => r.Get("NextToken")));
        Assert.All(_http.Requests, r => Assert.Equal("web", r["AutoScalingGroupName"]));
    }

    public static TheoryData<string, AwsErrorKind, bool> Errors => new()
    {
        { "AlreadyExists", AwsErrorKind.AlreadyExists, false },
        { "ResourceInUse", AwsErrorKind.Conflict, false },
        { "ScalingActivityInProgress", AwsErrorKind.Conflict, false },
        { "InstanceRefreshInProgress", AwsErrorKind.Conflict, false },
        { "ValidationError", AwsErrorKind.Invalid, false },
        { "ActiveInstanceRefreshNotFound", AwsErrorKind.NotFound, false },
        { "LimitExceeded", AwsErrorKind.Throttled, true },
        { "Throttling", AwsErrorKind.Throttled, false },
        { "ResourceContention", AwsErrorKind.Transient, false },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Auto_Scaling_error_codes_become_kinds(string code, AwsErrorKind kind, bool quota)
    {
        var status = code is "ResourceContention" ? HttpStatusCode.InternalServerError : HttpStatusCode.BadRequest;
        _http.Answer($"""
            <ErrorResponse xmlns="{Ns}">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>AutoScalingGroup name not found - web</Message></Error>
              <RequestId>3b8a3b2e-f95b-11e6-9d3d-7d2d1EXAMPLE</RequestId>
            </ErrorResponse>
            """, status);

        var e = await Assert.ThrowsAsync<AwsException>(() => Asg.SetDesiredCapacityAsync("web", 2, None));

        Assert.Equal((code, kind, quota, "AutoScalingGroup name not found - web", "3b8a3b2e-f95b-11e6-9d3d-7d2d1EXAMPLE"),
            (e.Code, e.Kind, e.IsQuota, e.AwsMessage, e.RequestId));
        Assert.Single(_http.Requests);
    }
}
