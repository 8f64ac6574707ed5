using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>A served kind as the OpenAPI documents describe it. <paramref name="Schema"/> is its openAPIV3Schema.</summary>
internal sealed record OpenApiKind(
    string Group, string Version, string Kind, string Plural, bool Namespaced, JsonObject Schema, bool HasStatusSubresource = false)
{
    /// <summary><c>dev.gureum.v1alpha1.DnsRecord</c> for custom groups; the upstream names for built-in ones.</summary>
    public string SchemaName => OpenApiDocuments.SchemaName(Group, Version, Kind);
}

/// <summary>
/// The OpenAPI v3 discovery index and per-group-version documents kubectl reads for <c>explain</c>,
/// for its fieldValidation support check on <c>apply</c>/<c>create</c>, and for choosing a patch type;
/// plus the minimal OpenAPI v2 protobuf document kubectl 1.27 insists on downloading.
/// </summary>
internal static class OpenApiDocuments
{
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public const string ListMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    /// <summary><c>api/v1</c> for the core group, <c>apis/{group}/{version}</c> otherwise.</summary>
    public static string PathKey(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    /// <summary>Content hash used in <c>serverRelativeURL</c>; changes whenever the document does.</summary>
    public static string Hash(JsonObject document) =>
        Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));

    /// <summary>The <c>/openapi/v3</c> index for the given documents, keyed by <see cref="PathKey"/>.</summary>
    public static JsonObject Index(IReadOnlyDictionary<string, JsonObject> documentsByPathKey)
    {
        var paths = new JsonObject();
        foreach (var (key, document) in documentsByPathKey.OrderBy(p => p.Key, StringComparer.Ordinal))
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(document)}" };
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document served at <c>/openapi/v3/{PathKey}</c> for the kinds of one group-version.</summary>
    public static JsonObject GroupVersionDocument(string group, string version, IEnumerable<OpenApiKind> kinds)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var kind in kinds.OrderBy(k => k.Kind, StringComparer.Ordinal))
        {
            schemas[kind.SchemaName] = KindSchema(kind);
            schemas[kind.SchemaName + "List"] = ListSchema(kind);
            AddPaths(paths, kind);
        }
        schemas[ObjectMetaName] = ObjectMeta();
        schemas[ListMetaName] = ListMeta();
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    public static string SchemaName(string group, string version, string kind) => group switch
    {
        "" => $"io.k8s.api.core.v1.{kind}",
        "apiextensions.k8s.io" => $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{version}.{kind}",
        _ when group.EndsWith(".k8s.io", StringComparison.Ordinal) => $"io.k8s.api.{group[..^".k8s.io".Length]}.{version}.{kind}",
        _ => $"{string.Join('.', group.Split('.').Reverse())}.{version}.{kind}",
    };

    /// <summary>
    /// A minimal gnostic <c>openapi_v2.Document</c> (swagger "2.0", info, empty paths) in protobuf, for
    /// <c>/openapi/v2</c>. kubectl 1.27 fails <c>explain</c> without it; with no definitions kubectl finds no
    /// strategic-merge schema for custom kinds and uses JSON merge patch, as with a real CRD.
    /// </summary>
    public static byte[] MinimalV2Protobuf()
    {
        var info = Concat(StringField(1, "Kubernetes"), StringField(2, "v1.32.0"));
        return Concat(StringField(1, "2.0"), MessageField(2, info), MessageField(8, []));
    }

    private static JsonObject KindSchema(OpenApiKind kind)
    {
        var schema = kind.Schema.DeepClone().AsObject();
        schema["type"] ??= "object";
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
        };
        properties["kind"] = new JsonObject
        {
            ["type"] = "string",
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
        };
        properties["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ["allOf"] = new JsonArray(Ref(ObjectMetaName)),
            ["default"] = new JsonObject(),
        };
        schema["x-kubernetes-group-version-kind"] = Gvk(kind, kind.Kind);
        return schema;
    }

    private static JsonObject ListSchema(OpenApiKind kind) => new()
    {
        ["type"] = "object",
        ["description"] = $"{kind.Kind}List is a list of {kind.Kind}",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["allOf"] = new JsonArray(Ref(kind.SchemaName)) } },
            ["metadata"] = new JsonObject { ["allOf"] = new JsonArray(Ref(ListMetaName)) },
        },
        ["x-kubernetes-group-version-kind"] = Gvk(kind, kind.Kind + "List"),
    };

    private static void AddPaths(JsonObject paths, OpenApiKind kind)
    {
        var prefix = "/" + PathKey(kind.Group, kind.Version) + (kind.Namespaced ? "/namespaces/{namespace}" : "");
        var collection = $"{prefix}/{kind.Plural}";
        var item = $"{collection}/{{name}}";
        paths[collection] = new JsonObject
        {
            ["get"] = Operation(kind, "list", "list"),
            ["post"] = Operation(kind, "create", "post", WriteParameters(), Body(kind, "application/json", "application/yaml")),
        };
        paths[item] = new JsonObject
        {
            ["get"] = Operation(kind, "read", "get"),
            ["put"] = Operation(kind, "replace", "put", WriteParameters(), Body(kind, "application/json", "application/yaml")),
            // No strategic-merge-patch here: kubectl would otherwise send one, which custom resources refuse.
            ["patch"] = Operation(kind, "patch", "patch", [.. WriteParameters(), Query("force")],
                Body(kind, "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml")),
            ["delete"] = Operation(kind, "delete", "delete"),
        };
        if (kind.HasStatusSubresource)
            paths[item + "/status"] = new JsonObject
            {
                ["get"] = Operation(kind, "read", "get", suffix: "Status"),
                ["patch"] = Operation(kind, "patch", "patch", [.. WriteParameters(), Query("force")],
                    Body(kind, "application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"), "Status"),
            };
    }

    private static JsonObject Operation(OpenApiKind kind, string verb, string action, JsonNode[]? parameters = null, JsonObject? body = null, string suffix = "")
    {
        var operation = new JsonObject
        {
            ["operationId"] = $"{verb}{(kind.Namespaced ? "Namespaced" : "")}{kind.Kind}{suffix}",
            ["parameters"] = new JsonArray(parameters ?? []),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(action == "list" ? kind.SchemaName + "List" : kind.SchemaName) } },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind },
        };
        if (body is not null) operation["requestBody"] = body;
        return operation;
    }

    private static JsonNode[] WriteParameters() => [Query("dryRun"), Query("fieldManager"), Query("fieldValidation")];

    private static JsonObject Query(string name) =>
        new() { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = name == "force" ? "boolean" : "string", ["uniqueItems"] = true } };

    private static JsonObject Body(OpenApiKind kind, params string[] mediaTypes)
    {
        var content = new JsonObject();
        foreach (var mediaType in mediaTypes)
            content[mediaType] = new JsonObject { ["schema"] = mediaType.Contains("patch", StringComparison.Ordinal) ? new JsonObject { ["type"] = "object" } : Ref(kind.SchemaName) };
        return new JsonObject { ["required"] = true, ["content"] = content };
    }

    private static JsonArray Gvk(OpenApiKind kind, string kindName) =>
        [new JsonObject { ["group"] = kind.Group, ["kind"] = kindName, ["version"] = kind.Version }];

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject ObjectMeta() => new()
    {
        ["type"] = "object",
        ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        ["properties"] = new JsonObject
        {
            ["name"] = Field("string", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated."),
            ["generateName"] = Field("string", "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
            ["namespace"] = Field("string", "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace."),
            ["uid"] = Field("string", "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations."),
            ["resourceVersion"] = Field("string", "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Used for optimistic concurrency."),
            ["generation"] = Field("integer", "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only."),
            ["creationTimestamp"] = Field("string", "CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only."),
            ["deletionTimestamp"] = Field("string", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user."),
            ["labels"] = Map("Map of string keys and values that can be used to organize and categorize (scope and select) objects."),
            ["annotations"] = Map("Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata."),
            ["finalizers"] = new JsonObject
            {
                ["type"] = "array", ["items"] = Field("string", ""),
                ["description"] = "Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.",
            },
            ["ownerReferences"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("apiVersion", "kind", "name", "uid"),
                    ["properties"] = new JsonObject
                    {
                        ["apiVersion"] = Field("string", "API version of the referent."),
                        ["kind"] = Field("string", "Kind of the referent."),
                        ["name"] = Field("string", "Name of the referent."),
                        ["uid"] = Field("string", "UID of the referent."),
                        ["controller"] = Field("boolean", "If true, this reference points to the managing controller."),
                        ["blockOwnerDeletion"] = Field("boolean", "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed."),
                    },
                },
            },
            ["managedFields"] = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.",
                ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
            },
        },
    };

    private static JsonObject ListMeta() => new()
    {
        ["type"] = "object",
        ["description"] = "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
        ["properties"] = new JsonObject
        {
            ["resourceVersion"] = Field("string", "String that identifies the server's internal version of this object."),
            ["continue"] = Field("string", "continue may be set if the user set a limit on the number of items returned."),
            ["remainingItemCount"] = Field("integer", "The number of subsequent items in the list which are not included in this list response."),
        },
    };

    private static JsonObject Field(string type, string description) =>
        description.Length == 0 ? new() { ["type"] = type } : new() { ["type"] = type, ["description"] = description };

    private static JsonObject Map(string description) => new()
    {
        ["type"] = "object", ["description"] = description, ["additionalProperties"] = new JsonObject { ["type"] = "string" },
    };

    // ---- protobuf (length-delimited fields only) ----

    private static byte[] StringField(int number, string value) => MessageField(number, Encoding.UTF8.GetBytes(value));

    private static byte[] MessageField(int number, byte[] payload) => Concat(Varint((ulong)(number << 3 | 2)), Varint((ulong)payload.Length), payload);

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
