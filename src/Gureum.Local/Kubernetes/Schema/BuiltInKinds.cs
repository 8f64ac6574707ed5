using System.Text.Json.Nodes;

namespace Gureum.Local.Kubernetes.Schema;

/// <summary>Minimal OpenAPI descriptions of the built-in kinds the sandbox serves (enough for explain and apply).</summary>
internal static class BuiltInKinds
{
    public static IReadOnlyList<OpenApiKind> All { get; } =
    [
        new("", "v1", "Namespace", "namespaces", false, Obj("Namespace provides a scope for Names.",
            ("spec", Obj("NamespaceSpec describes the attributes on a Namespace.", ("finalizers", StringArray("Finalizers is an opaque list of values that must be empty to permanently remove object from storage.")))),
            ("status", Obj("NamespaceStatus is information about the current status of a Namespace.", ("phase", Str("Phase is the current lifecycle phase of the namespace.")))))),
        new("", "v1", "ConfigMap", "configmaps", true, Obj("ConfigMap holds configuration data for pods to consume.",
            ("data", StringMap("Data contains the configuration data.")),
            ("binaryData", StringMap("BinaryData contains the binary data, base64 encoded.")),
            ("immutable", Bool("Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.")))),
        new("", "v1", "Secret", "secrets", true, Obj("Secret holds secret data of a certain type.",
            ("data", StringMap("Data contains the secret data, base64 encoded.")),
            ("stringData", StringMap("stringData allows specifying non-binary secret data in string form. It is write-only.")),
            ("type", Str("Used to facilitate programmatic handling of secret data.")),
            ("immutable", Bool("Immutable, if set to true, ensures that data stored in the Secret cannot be updated.")))),
        new("", "v1", "Event", "events", true, Obj("Event is a report of an event somewhere in the cluster.",
            ("involvedObject", Reference("The object that this event is about.")),
            ("reason", Str("This should be a short, machine understandable string that gives the reason for the transition into the object's current status.")),
            ("message", Str("A human-readable description of the status of this operation.")),
            ("type", Str("Type of this event (Normal, Warning).")),
            ("count", Int("The number of times this event has occurred.")),
            ("firstTimestamp", Str("The time at which the event was first recorded.")),
            ("lastTimestamp", Str("The time at which the most recent occurrence of this event was recorded.")),
            ("source", Obj("The component reporting this event.", ("component", Str("Component from which the event is generated.")))))),
        new("events.k8s.io", "v1", "Event", "events", true, Obj("Event is a report of an event somewhere in the cluster.",
            ("regarding", Reference("regarding contains the object this Event is about.")),
            ("reason", Str("reason is why the action was taken.")),
            ("note", Str("note is a human-readable description of the status of this operation.")),
            ("type", Str("type is the type of this event (Normal, Warning).")),
            ("action", Str("action is what action was taken/failed regarding to the regarding object.")),
            ("eventTime", Str("eventTime is the time when this Event was first observed.")),
            ("reportingController", Str("reportingController is the name of the controller that emitted this Event.")),
            ("reportingInstance", Str("reportingInstance is the ID of the controller instance.")))),
        new("coordination.k8s.io", "v1", "Lease", "leases", true, Obj("Lease defines a lease concept.",
            ("spec", Obj("LeaseSpec is a specification of a Lease.",
                ("holderIdentity", Str("holderIdentity contains the identity of the holder of a current lease.")),
                ("leaseDurationSeconds", Int("leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it.")),
                ("acquireTime", Str("acquireTime is a time when the current lease was acquired.")),
                ("renewTime", Str("renewTime is a time when the current holder of a lease has last updated the lease.")),
                ("leaseTransitions", Int("leaseTransitions is the number of transitions of a lease between holders.")))))),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, Obj(
            "CustomResourceDefinition represents a resource that should be exposed on the API server.",
            ("spec", Preserve("spec describes how the user wants the resources to appear")),
            ("status", Preserve("status indicates the actual state of the CustomResourceDefinition"))),
            HasStatusSubresource: true),
    ];

    private static JsonObject Obj(string description, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties) props[name] = schema;
        return new JsonObject { ["type"] = "object", ["description"] = description, ["properties"] = props };
    }

    private static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject Int(string description) => new() { ["type"] = "integer", ["format"] = "int32", ["description"] = description };

    private static JsonObject Bool(string description) => new() { ["type"] = "boolean", ["description"] = description };

    private static JsonObject StringMap(string description) =>
        new() { ["type"] = "object", ["description"] = description, ["additionalProperties"] = new JsonObject { ["type"] = "string" } };

    private static JsonObject StringArray(string description) =>
        new() { ["type"] = "array", ["description"] = description, ["items"] = new JsonObject { ["type"] = "string" } };

    private static JsonObject Preserve(string description) =>
        new() { ["type"] = "object", ["description"] = description, ["x-kubernetes-preserve-unknown-fields"] = true };

    private static JsonObject Reference(string description) => Obj(description,
        ("apiVersion", Str("API version of the referent.")), ("kind", Str("Kind of the referent.")),
        ("name", Str("Name of the referent.")), ("namespace", Str("Namespace of the referent.")),
        ("uid", Str("UID of the referent.")), ("resourceVersion", Str("Specific resourceVersion to which this reference is made.")),
        ("fieldPath", Str("If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.")));
}
