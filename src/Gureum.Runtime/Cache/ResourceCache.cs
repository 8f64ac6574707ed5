using k8s;
using k8s.Models;

namespace Gureum.Runtime.Cache;

internal sealed class ResourceCache<T> : IResourceCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, T> _objects = [];
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> _indexes = new(StringComparer.Ordinal);
    private volatile bool _hasSynced;

    public bool HasSynced => _hasSynced;

    public void AddIndex(string name, Func<T, IEnumerable<string>> indexer)
    {
        lock (_gate)
        {
            if (_indexers.ContainsKey(name))
                throw new InvalidOperationException($"Index '{name}' is already defined for {typeof(T).Name}.");
            _indexers[name] = indexer;
            _indexes[name] = new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal);
            foreach (var (key, resource) in _objects)
                AddToIndex(name, indexer, key, resource);
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (_gate)
        {
            return @namespace is null
                ? [.. _objects.Values]
                : [.. _objects.Where(pair => pair.Key.Namespace == @namespace).Select(pair => pair.Value)];
        }
    }

    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_gate)
        {
            if (!_indexes.TryGetValue(indexName, out var index))
                throw new KeyNotFoundException($"No index '{indexName}' is defined for {typeof(T).Name}.");
            return index.TryGetValue(value, out var keys) ? [.. keys.Select(key => _objects[key])] : [];
        }
    }

    /// <summary>Stores <paramref name="resource"/>; returns the previous version.</summary>
    public T? Upsert(T resource)
    {
        var key = ObjectKey.Of(resource);
        lock (_gate)
        {
            var old = RemoveLocked(key);
            _objects[key] = resource;
            foreach (var (name, indexer) in _indexers)
                AddToIndex(name, indexer, key, resource);
            return old;
        }
    }

    public T? Remove(ObjectKey key)
    {
        lock (_gate)
        {
            return RemoveLocked(key);
        }
    }

    public void MarkSynced() => _hasSynced = true;

    private T? RemoveLocked(ObjectKey key)
    {
        if (!_objects.Remove(key, out var old))
            return null;
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in indexer(old))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                    index.Remove(value);
            }
        }

        return old;
    }

    private void AddToIndex(string name, Func<T, IEnumerable<string>> indexer, ObjectKey key, T resource)
    {
        var index = _indexes[name];
        foreach (var value in indexer(resource))
        {
            if (!index.TryGetValue(value, out var keys))
                index[value] = keys = [];
            keys.Add(key);
        }
    }
}
