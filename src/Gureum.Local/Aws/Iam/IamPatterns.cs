using Gureum.Local.Aws.Query;

namespace Gureum.Local.Aws.Iam;

/// <summary>IAM's member constraints from botocore's iam/2010-05-08 model.</summary>
internal static class IamPatterns
{
    public static readonly ModelPattern Name = ModelPattern.Of(@"[\w+=,.@-]+", @"[A-Za-z0-9_+=,.@-]+");
    public static readonly ModelPattern PathPattern = ModelPattern.Of(@"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)");
    public static readonly ModelPattern Description = ModelPattern.Of(@"[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*");
    public static readonly ModelPattern PolicyDocument = ModelPattern.Of(@"[\u0009\u000A\u000D\u0020-\u00FF]+");
    public static readonly ModelPattern TagKey = ModelPattern.Of(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]+");
    public static readonly ModelPattern TagValue = ModelPattern.Of(@"[\p{L}\p{Z}\p{N}_.:/=+\-@]*");

    public const int RoleNameMax = 64;
    public const int InstanceProfileNameMax = 128;
    public const int PolicyNameMax = 128;
    public const int PathMax = 512;
    public const int DescriptionMax = 1000;
    public const int PolicyDocumentMax = 131_072;
    public const int ArnMin = 20;
    public const int ArnMax = 2048;
    public const int MinSessionSeconds = 3600;
    public const int MaxSessionSeconds = 43_200;
}
