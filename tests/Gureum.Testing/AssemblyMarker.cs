namespace Gureum.Testing;
internal static class AssemblyMarker;
