namespace Gureum.Local.Kubernetes.Schema;

/// <summary>Field paths as Kubernetes prints them: <c>spec.items[0].name</c>.</summary>
internal static class FieldPath
{
    public static string Child(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

}
