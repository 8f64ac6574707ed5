using k8s;

namespace Gureum.Runtime.Cache;

/// <summary>A change the informer applied to its cache. <see cref="Previous"/> is the cached version before it.</summary>
internal sealed record ResourceEvent<T>(WatchEventType Type, T Resource, T? Previous);
