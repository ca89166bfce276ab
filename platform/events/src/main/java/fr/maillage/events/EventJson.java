package fr.maillage.events;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes and reads event payloads. Readers ignore unknown fields (the contract only grows by
 * optional fields within a major version); a payload that does not fit its record, or gives a value
 * of another JSON type than its schema's, is malformed.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // a value of another JSON type than its schema's ("12" or 12.9 for a count) is malformed, not converted
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new SimpleModule("iso-times")
                    .addDeserializer(Instant.class, new IsoDeserializer<>(Instant.class, IsoTimes::instant))
                    .addDeserializer(LocalDate.class, new IsoDeserializer<>(LocalDate.class, IsoTimes::date))
                    .addSerializer(Instant.class, new IsoInstantSerializer()))
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
        T payload;
        try {
            payload = MAPPER.readValue(data, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            // records validate in their constructors: a violation is a contract violation
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedEventException("payload does not follow " + type.getSimpleName() + ": "
                    + firstLine(cause.getMessage()), e);
        }
        if (payload == null) { // the JSON null: read without error, and no event at all
            throw new MalformedEventException("payload is null, not a " + type.getSimpleName(), null);
        }
        return payload;
    }

    /** Builds the CloudEvent for a payload of the given type. */
    public static <T> CloudEvent toCloudEvent(EventType<T> type, UUID id, String subject, Instant time, T payload) {
        return new CloudEvent(id.toString(), type.source(), type.ceType(), subject, time, type.dataSchema(),
                write(payload));
    }

    /** Instants as the contracts write them, ISO-8601 strings ({@link Instant#toString()}), by {@link IsoTimes#format}. */
    private static final class IsoInstantSerializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializationContext context) {
            generator.writeString(IsoTimes.format(value));
        }
    }

    /** Instants and dates as the contracts write them, ISO-8601 strings, read by {@link IsoTimes}. */
    private static final class IsoDeserializer<T> extends ValueDeserializer<T> {
        private final Class<T> type;
        private final Function<String, T> parse;

        IsoDeserializer(Class<T> type, Function<String, T> parse) {
            this.type = type;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            String text = parser.getString();
            try {
                return parse.apply(text);
            } catch (DateTimeException e) {
                throw context.weirdStringException(text, type, e.getMessage());
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
