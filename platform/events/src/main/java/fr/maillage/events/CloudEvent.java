package fr.maillage.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event in the Kafka protocol binding's binary mode: the attributes travel as
 * {@code ce_*} headers, the JSON payload as the record value.
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time,
                         String dataSchema, byte[] data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        requireText(id, "id");
        requireText(source, "source");
        requireText(type, "type");
        requireText(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** The header map of the binary mode, in a stable order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Headers.SPEC_VERSION, SPEC_VERSION);
        headers.put(Headers.ID, id);
        headers.put(Headers.SOURCE, source);
        headers.put(Headers.TYPE, type);
        headers.put(Headers.SUBJECT, subject);
        headers.put(Headers.TIME, IsoTimes.format(time));
        if (dataSchema != null) {
            headers.put(Headers.DATA_SCHEMA, dataSchema);
        }
        headers.put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        return headers;
    }

    /**
     * Reads an event back from its headers and value.
     *
     * @throws MalformedEventException when a required attribute is missing or unreadable
     */
    public static CloudEvent fromHeaders(Map<String, String> headers, byte[] value) {
        if (value == null) {
            throw new MalformedEventException("record has no value");
        }
        String specVersion = headers.get(Headers.SPEC_VERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException("missing or unsupported " + Headers.SPEC_VERSION + ": " + specVersion);
        }
        Instant time;
        try {
            time = IsoTimes.instant(required(headers, Headers.TIME));
        } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedEventException("unreadable " + Headers.TIME + ": " + headers.get(Headers.TIME));
        }
        return new CloudEvent(required(headers, Headers.ID), required(headers, Headers.SOURCE),
                required(headers, Headers.TYPE), required(headers, Headers.SUBJECT), time,
                headers.get(Headers.DATA_SCHEMA), value);
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing header " + name);
        }
        return value;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CloudEvent " + name + " is required");
        }
    }

    /** Header names of the Kafka binding (it specifies the {@code ce_} prefix). */
    public static final class Headers {
        public static final String SPEC_VERSION = "ce_specversion";
        public static final String ID = "ce_id";
        public static final String SOURCE = "ce_source";
        public static final String TYPE = "ce_type";
        public static final String SUBJECT = "ce_subject";
        public static final String TIME = "ce_time";
        public static final String DATA_SCHEMA = "ce_dataschema";
        public static final String CONTENT_TYPE = "content-type";

        private Headers() {
        }
    }
}
