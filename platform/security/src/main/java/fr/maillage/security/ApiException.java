package fr.maillage.security;

import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An error a caller can act on, answered as RFC 9457 problem+json. Expected refusals inside a
 * batch are results, not exceptions; this is for whole requests.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldError> errors;
    private final Duration retryAfter;
    private final Map<String, Object> properties;
    /** RFC 9457's members and ours: an extra property of the same name would be written twice. */
    private static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance", "errors");

    public ApiException(HttpStatus status, String title, String detail, List<FieldError> errors,
                        Duration retryAfter, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfter = retryAfter;
        this.properties = properties == null ? Map.of() : Map.copyOf(properties);
        this.properties.keySet().stream().filter(RESERVED::contains).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("'" + name + "' is a member of every problem, not an extra property");
        });
    }

    public record FieldError(String field, String message) {
    }

    public static ApiException badRequest(String detail, List<FieldError> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors, null, null);
    }

    public static ApiException invalidField(String field, String message) {
        return badRequest(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required", detail, null, null, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail, null, null, null);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", "No " + what + " with id " + id + ".", null, null, null);
    }

    public static ApiException conflict(String detail, Map<String, Object> properties) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, null, null, properties);
    }

    public static ApiException preconditionRequired(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_REQUIRED, "Precondition required", detail, null, null, null);
    }

    public static ApiException tooManyRequests(Duration retryAfter) {
        return tooManyRequests("Rate limit reached for this key; retry after " + retryAfter.toSeconds() + " s.",
                retryAfter);
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, null, retryAfter, null);
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, null, retryAfter, null);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
