package fr.maillage.security;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a servlet container cannot decode in a query string: a {@code %} not followed by two
 * hexadecimal digits, bytes that are not UTF-8 once decoded, or a {@code =value} without a name.
 * Tomcat fails on those when a parameter is first read (a 500 unless answered): API endpoints
 * check the query here before anything reads one ({@link KnownQueryParametersInterceptor}), and
 * {@link ProblemHandler} answers what another reader meets. A page or an open-data file, which
 * reads none, is served whatever a link adds to its address.
 */
final class QueryStrings {

    static final String TITLE = "Malformed query string";
    static final String HOW = "encode each parameter as name=value in UTF-8, with %XX for reserved characters.";

    private QueryStrings() {
    }

    /** What is wrong with the query string, or null. */
    static String problemWith(String query) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals == 0) {
                return "a parameter has a value but no name";
            }
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!decodes(name) || equals > 0 && !decodes(pair.substring(equals + 1))) {
                return "the parameter '" + printable(name) + "' is not percent-encoded UTF-8";
            }
        }
        return null;
    }

    private static boolean decodes(String encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return false;
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                return false; // a raw non-ASCII character: the container would read it in its own charset
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A name as it may be shown back: its first characters, ASCII letters, digits and a few signs only. */
    private static String printable(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return shown.replaceAll("[^A-Za-z0-9%._~-]", "?");
    }
}
