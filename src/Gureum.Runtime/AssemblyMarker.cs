namespace Gureum.Runtime;

/// <summary>Anchor for assembly scanning and InternalsVisibleTo; replaced as the project grows.</summary>
internal static class AssemblyMarker;
