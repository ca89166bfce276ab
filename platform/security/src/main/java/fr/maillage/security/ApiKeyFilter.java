package fr.maillage.security;

import com.mongodb.MongoException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates {@code Authorization: Bearer <api key>} against the local directory of key hashes.
 * A key that is present but unknown or revoked is refused here; whether a key is needed at all is
 * decided per endpoint by {@link AuthenticationInterceptor}. Management endpoints other than health
 * and its probes need the national role.
 *
 * <p>Paths are checked as sent: one that needs decoding or normalising (percent-encoded characters,
 * {@code .} or {@code ..} segments, {@code ;} parameters, empty segments) is refused with 400, so that
 * no spelling of a path ({@code /%61ctuator/env}, {@code /actuator/health/../env}) reaches a handler
 * other than the one these checks saw. No endpoint has such a path.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";
    private static final String HEALTH = "/actuator/health";
    private static final Set<String> PUBLIC_HEALTH = Set.of(HEALTH, HEALTH + "/liveness", HEALTH + "/readiness");

    private final CallerDirectory directory;

    public ApiKeyFilter(CallerDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!isPlain(path)) {
            Problems.write(response, HttpStatus.BAD_REQUEST, "Invalid path",
                    "Send the path as plain segments: no percent-encoded characters, '.' or '..' segments, "
                            + "';' parameters or empty segments.");
            return;
        }
        if (!hasConcreteContentType(request)) {
            Problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "Name the body's type exactly, e.g. 'Content-Type: application/json' (not a wildcard).");
            return;
        }
        List<String> headers = Collections.list(request.getHeaders("Authorization"));
        if (headers.size() > 1) {
            Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                    "Send one 'Authorization: Bearer <key>' header, not " + headers.size() + ".");
            return;
        }
        String header = headers.isEmpty() ? null : headers.get(0);
        Caller caller = null;
        if (header != null) {
            // the scheme is case-insensitive (RFC 9110)
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || header.length() <= BEARER.length()) {
                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "Send the API key as 'Authorization: Bearer <key>'.");
                return;
            }
            Optional<Caller> found;
            try {
                found = directory.findByKeyHash(ApiKeys.hash(header.substring(BEARER.length()).trim()));
            } catch (MongoException e) { // the registry reads keys from its store
                if (!StoreAway.is(e)) {
                    throw e;
                }
                response.setHeader("Retry-After", "5");
                Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                        "The service's store cannot be reached, so the API key cannot be checked; retry in a few seconds.");
                return;
            }
            if (found.isEmpty()) {
                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "This API key is unknown or has been revoked.");
                return;
            }
            caller = found.get();
            request.setAttribute(CALLER_ATTRIBUTE, caller);
        }
        if (path.startsWith("/actuator") && !PUBLIC_HEALTH.contains(path)) {
            if (caller == null) {
                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "Management endpoints need a national API key.");
                return;
            }
            if (!caller.isNational()) {
                Problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                        "Management endpoints need the NATIONAL role.");
                return;
            }
        }
        if (path.startsWith(HEALTH + "/") && path.indexOf('/', HEALTH.length() + 1) >= 0) {
            // the health endpoint fails (500) on a nested path that names no indicator; none is needed
            Problems.write(response, HttpStatus.NOT_FOUND, "Not found",
                    "No health indicator at this path: use " + HEALTH + ", " + HEALTH + "/liveness or "
                            + HEALTH + "/readiness.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * True without a body or a body type, or with a type Spring can read against (a wildcard type made
     * it fail with 500).
     */
    static boolean hasConcreteContentType(HttpServletRequest request) {
        String contentType = request.getContentType();
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (contentType == null || !body) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** True when the path needs no decoding nor normalising: what is checked here is what is served. */
    static boolean isPlain(String path) {
        if (path.isEmpty()) {
            return true;
        }
        if (path.charAt(0) != '/' || path.indexOf('%') >= 0 || path.indexOf(';') >= 0 || path.indexOf('\\') >= 0) {
            return false;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if ((segment.isEmpty() && !last) || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
