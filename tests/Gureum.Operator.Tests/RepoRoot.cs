namespace Gureum.Operator.Tests;

internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Operator.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}
