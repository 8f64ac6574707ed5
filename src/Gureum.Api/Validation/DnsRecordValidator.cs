using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gureum.Api.V1Alpha1;

namespace Gureum.Api.Validation;

public static class DnsRecordValidator
{
    public const int MaxTxtStringLength = 255;

    public static IReadOnlyList<FieldError> Validate(DnsRecordSpec spec)
    {
        var errors = new FieldErrors();
        ValidateZoneAndName(spec, errors);
        var hasValues = spec.Values is not null;
        var hasAlias = spec.Alias is not null;
        if (hasValues == hasAlias)
            errors.Add(hasAlias ? "spec.alias" : "spec.values", "exactly one of values or alias must be set");
        if (hasValues)
            ValidateValues(spec.Type, spec.Values!, errors);
        if (hasAlias)
            ValidateAlias(spec, errors);
        if (spec.Ttl is { } ttl && (ttl < 0 || ttl > int.MaxValue))
            errors.Add("spec.ttl", $"must be between 0 and {int.MaxValue}");
        if ((spec.SetIdentifier is null) != (spec.Weight is null))
            errors.Add(spec.SetIdentifier is null ? "spec.setIdentifier" : "spec.weight",
                "setIdentifier and weight must be set together");
        if (spec.Weight is { } weight && weight is < 0 or > 255)
            errors.Add("spec.weight", "must be between 0 and 255");
        return errors.ToList();
    }

    private static void ValidateZoneAndName(DnsRecordSpec spec, FieldErrors errors)
    {
        var byName = !string.IsNullOrWhiteSpace(spec.Zone.Name);
        var byId = !string.IsNullOrWhiteSpace(spec.Zone.HostedZoneId);
        if (byName == byId)
            errors.Add("spec.zone", "exactly one of name or hostedZoneId must be set");
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            errors.Add("spec.name", "must not be empty");
            return;
        }
        if (byName && !byId)
        {
            var qualified = DnsNames.Qualify(spec.Name, spec.Zone.Name!);
            if (!qualified.IsValid)
                errors.Add("spec.name", qualified.Error!);
            else if (spec.Type == DnsRecordType.CNAME && qualified.Fqdn == spec.Zone.Name!.TrimEnd('.').ToLowerInvariant() + ".")
                errors.Add("spec.name", "a CNAME cannot be at the zone apex");
        }
        else if (spec.Name != "@" && !DnsNames.IsHostName(spec.Name))
        {
            errors.Add("spec.name", $"{spec.Name} is not a valid DNS name");
        }
    }

    private static void ValidateValues(DnsRecordType type, IReadOnlyList<string> values, FieldErrors errors)
    {
        if (values.Count == 0)
        {
            errors.Add("spec.values", "must not be empty");
            return;
        }
        if (type == DnsRecordType.CNAME && values.Count != 1)
            errors.Add("spec.values", "a CNAME has exactly one value");
        if (values.Distinct(StringComparer.OrdinalIgnoreCase).Count() != values.Count)
            errors.Add("spec.values", "values must be unique");
        for (var i = 0; i < values.Count; i++)
        {
            var problem = ValueProblem(type, values[i]);
            if (problem is not null)
                errors.Add($"spec.values[{i}]", problem);
        }
    }

    private static string? ValueProblem(DnsRecordType type, string value) => type switch
    {
        DnsRecordType.A => IsIPv4(value) ? null : $"{value} is not an IPv4 address",
        DnsRecordType.AAAA => IsIPv6(value) ? null : $"{value} is not an IPv6 address",
        DnsRecordType.CNAME or DnsRecordType.NS or DnsRecordType.PTR =>
            DnsNames.IsHostName(value) ? null : $"{value} is not a host name",
        DnsRecordType.TXT => TxtProblem(value),
        DnsRecordType.MX => MxProblem(value),
        DnsRecordType.SRV => SrvProblem(value),
        DnsRecordType.CAA => CaaProblem(value),
        _ => null,
    };

    private static bool IsIPv4(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit)
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsIPv6(string value) =>
        value.Contains(':', StringComparison.Ordinal)
        && IPAddress.TryParse(value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
        && !value.Contains('%', StringComparison.Ordinal);

    // A TXT value is one or more "quoted strings" separated by spaces, each at most 255 characters.
    internal static string? TxtProblem(string value)
    {
        var i = 0;
        var strings = 0;
        while (i < value.Length)
        {
            if (value[i] == ' ') { i++; continue; }
            if (value[i] != '"')
                return "TXT values must be quoted, e.g. \"v=spf1 -all\"";
            var length = 0;
            i++;
            while (i < value.Length && value[i] != '"')
            {
                if (value[i] == '\\')
                {
                    if (i + 1 >= value.Length)
                        return "TXT value ends inside an escape";
                    i++;
                }
                length++;
                i++;
            }
            if (i >= value.Length)
                return "TXT value has an unterminated quoted string";
            if (length > MaxTxtStringLength)
                return $"each quoted TXT string may hold at most {MaxTxtStringLength} characters; split longer text into several quoted strings";
            i++;
            strings++;
            if (i < value.Length && value[i] != ' ')
                return "quoted TXT strings must be separated by spaces";
        }
        return strings == 0 ? "TXT value is empty" : null;
    }

    private static string? MxProblem(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && IsUShort(parts[0]) && DnsNames.IsHostName(parts[1])
            ? null : "an MX value is \"priority host\", e.g. \"10 mail.example.com\"";
    }

    private static string? SrvProblem(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 4 && parts.Take(3).All(IsUShort) && DnsNames.IsHostName(parts[3])
            ? null : "an SRV value is \"priority weight port target\"";
    }

    private static string? CaaProblem(string value)
    {
        var parts = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && byte.TryParse(parts[0], CultureInfo.InvariantCulture, out _)
            && parts[1].All(char.IsAsciiLetterOrDigit) && parts[2].Length >= 2 && parts[2][0] == '"' && parts[2][^1] == '"'
            ? null : "a CAA value is 'flags tag \"value\"', e.g. '0 issue \"amazon.com\"'";
    }

    private static bool IsUShort(string value) => ushort.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static void ValidateAlias(DnsRecordSpec spec, FieldErrors errors)
    {
        var alias = spec.Alias!;
        if (spec.Ttl is not null)
            errors.Add("spec.ttl", "alias records have no ttl (Route53 uses the target's)");
        var byRef = alias.LoadBalancerRef is not null;
        var explicitTarget = alias.DnsName is not null || alias.HostedZoneId is not null;
        if (byRef == explicitTarget)
            errors.Add("spec.alias", "exactly one of loadBalancerRef or dnsName with hostedZoneId must be set");
        if (explicitTarget)
        {
            errors.Require(!string.IsNullOrWhiteSpace(alias.DnsName), "spec.alias.dnsName", "required with hostedZoneId");
            errors.Require(!string.IsNullOrWhiteSpace(alias.HostedZoneId), "spec.alias.hostedZoneId", "required with dnsName");
            if (!string.IsNullOrWhiteSpace(alias.DnsName) && !DnsNames.IsHostName(alias.DnsName))
                errors.Add("spec.alias.dnsName", $"{alias.DnsName} is not a host name");
        }
        if (byRef && string.IsNullOrWhiteSpace(alias.LoadBalancerRef!.Name))
            errors.Add("spec.alias.loadBalancerRef.name", "must not be empty");
        if (byRef && spec.Type is not (DnsRecordType.A or DnsRecordType.AAAA))
            errors.Add("spec.type", "an alias to a load balancer must be of type A or AAAA");
        if (spec.Type is DnsRecordType.NS or DnsRecordType.SRV or DnsRecordType.PTR)
            errors.Add("spec.type", $"Gureum does not support alias records of type {spec.Type}");
    }
}
