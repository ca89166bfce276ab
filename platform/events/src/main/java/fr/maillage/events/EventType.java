package fr.maillage.events;

/**
 * One event type of the contract: its CloudEvents type, the JSON Schema its payload follows and the
 * record that carries it. Example: service {@code registry}, name {@code third-place.registered},
 * major 1 gives {@code fr.maillage.registry.third-place.registered.v1}.
 */
public record EventType<T>(String service, String name, int major, Class<T> payloadType) {

    public String ceType() {
        return "fr.maillage." + service + "." + name + ".v" + major;
    }

    public String source() {
        return "/maillage/" + service;
    }

    public String dataSchema() {
        return "urn:maillage:schema:" + service + "." + name + ":" + major;
    }

    /** Classpath location of the committed JSON Schema. */
    public String schemaResource() {
        return "/schemas/" + service + "/" + name + ".v" + major + ".schema.json";
    }
}
