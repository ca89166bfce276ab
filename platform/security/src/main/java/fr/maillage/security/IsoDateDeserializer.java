package fr.maillage.security;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * A date in a request body is a string {@code yyyy-mm-dd}, nothing else: not the array
 * {@code [2026,12,15]} nor the signed year {@code +002026-12-15} that the default reader also takes.
 * Refusals name the field as any other type error ("must be an ISO date").
 */
final class IsoDateDeserializer extends ValueDeserializer<LocalDate> {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    @Override
    public LocalDate deserialize(JsonParser parser, DeserializationContext context) {
        if (!parser.hasToken(JsonToken.VALUE_STRING)) {
            return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
        }
        String text = parser.getString();
        if (ISO_DATE.matcher(text).matches()) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeException e) {
                // 2026-02-30: refused below, as any other string that is not a date
            }
        }
        return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text, "not an ISO date (yyyy-mm-dd)");
    }
}
