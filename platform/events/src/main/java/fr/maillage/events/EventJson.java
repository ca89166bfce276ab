package fr.maillage.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

/**
 * Writes and reads event payloads. Readers ignore unknown fields (the contract only grows by
 * optional fields within a major version); a payload that does not fit its record is malformed.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object payload) {
        return MAPPER.writeValueAsBytes(payload);
    }

    public static <T> T read(byte[] data, Class<T> type) {
        try {
            return MAPPER.readValue(data, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            // records validate in their constructors: a violation is a contract violation
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedEventException("payload does not follow " + type.getSimpleName() + ": "
                    + firstLine(cause.getMessage()), e);
        }
    }

    /** Builds the CloudEvent for a payload of the given type. */
    public static <T> CloudEvent toCloudEvent(EventType<T> type, UUID id, String subject, Instant time, T payload) {
        return new CloudEvent(id.toString(), type.source(), type.ceType(), subject, time, type.dataSchema(),
                write(payload));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
