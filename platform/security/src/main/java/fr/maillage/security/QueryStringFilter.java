package fr.maillage.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses (400) a query string the servlet container cannot decode: a {@code %} not followed by two
 * hexadecimal digits, bytes that are not UTF-8 once decoded, or a {@code =value} without a name.
 * Tomcat fails on those only when a parameter is first read, deep in a handler (a 500), so they are
 * checked here, before anything reads one, for every path, the actuator's too.
 */
class QueryStringFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        String problem = query == null ? null : problemWith(query);
        if (problem != null) {
            Problems.write(response, HttpStatus.BAD_REQUEST, "Malformed query string", problem
                    + ": encode each parameter as name=value in UTF-8, with %XX for reserved characters.");
            return;
        }
        chain.doFilter(request, response);
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
