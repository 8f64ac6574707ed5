using System.Text.Json;

namespace Gureum.Local.Aws;

/// <summary>One service's state as a JSON file, replaced atomically (write a temp file, then rename).</summary>
internal sealed class JsonStateFile<T>(string path) where T : class
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public T? Load() =>
        File.Exists(Path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(Path), Options) : null;

    public void Save(T state)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(state, Options));
        File.Move(temp, Path, overwrite: true);
    }
}
