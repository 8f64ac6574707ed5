using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gureum.Operator.Local;

/// <summary>
/// What <c>instance.json</c> in the state folder says about the last <c>gureum local</c> that held
/// it: its pid (to name a running holder) and its addresses (null while it starts), which the next
/// start on the folder reuses so the kubeconfig and aws.env keep their addresses across restarts.
/// </summary>
internal sealed record LocalInstance(int Pid, Uri? KubernetesApi, Uri? AwsEndpoint)
{
    public const string FileName = "instance.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Null when there is none yet or it cannot be read (a half-written or foreign file is not worth failing for).</summary>
    public static LocalInstance? Read(string stateDir)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalInstance>(File.ReadAllText(Path.Combine(stateDir, FileName)), Json);
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Written beside and renamed over, so a reader never sees half a file.</summary>
    public void Write(string stateDir)
    {
        var path = Path.Combine(stateDir, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
