package fr.maillage.security;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import com.mongodb.MongoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure into RFC 9457 problem+json that says what is wrong: validation errors name
 * each field; unreadable bodies say where; nothing leaks a stack trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = Problems.of(e.status(), e.title(), e.getMessage(), e.errors());
        e.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status()).contentType(PROBLEM);
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return answer.body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        if (type != null && DecimalNumbers.isDecimal(e.getValue()) && range(type).startsWith("must")) {
            // a whole number, too large for its type: the bound the parameter declares says more than the type's
            Max max = e.getParameter().getParameterAnnotation(Max.class);
            Min min = e.getParameter().getParameterAnnotation(Min.class);
            boolean negative = ((String) e.getValue()).strip().startsWith("-");
            if (!negative && max != null) {
                return badRequest(e.getName(), "must be less than or equal to " + max.value());
            }
            if (negative && min != null) {
                return badRequest(e.getName(), "must be greater than or equal to " + min.value());
            }
            return badRequest(e.getName(), range(type));
        }
        String expected = type == null ? "another type" : describe(type);
        return badRequest(e.getName(), "must be " + expected);
    }

    /**
     * The store cannot serve just now: unreachable, its connections dropped when it went away, or a
     * primary stepping down. The caller may retry shortly (a write with its id or Idempotency-Key, safely).
     */
    @ExceptionHandler(MongoException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(MongoException e, HttpServletResponse response) {
        if (!StoreAway.is(e)) {
            return unexpected(e, response);
        }
        log.warn("The store cannot be reached: {}", e.toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "The service's store cannot be reached; retry in a few seconds, a write that creates something with"
                        + " the same id or Idempotency-Key so that it has one effect.",
                null);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(PROBLEM).body(problem);
    }

    /** Met while the body was read outside a converter (an interceptor looking at it), or through one (above). */
    @ExceptionHandler(Utf8Check.MalformedUtf8Exception.class)
    ResponseEntity<Object> notUtf8(Utf8Check.MalformedUtf8Exception e) {
        String message = "is not valid UTF-8 at byte " + e.offset() + " (JSON must be UTF-8: no overlong forms,"
                + " surrogates or code points past U+10FFFF)";
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "body: " + message,
                List.of(new ApiException.FieldError("body", message)));
    }

    /** Tomcat's, when a parameter is first read from a query it cannot decode (see {@link QueryStrings}). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> undecodableQuery(org.apache.tomcat.util.http.InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, QueryStrings.TITLE, "The query string cannot be decoded: " + QueryStrings.HOW,
                List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletResponse response) {
        if (response.isCommitted() && clientWentAway(e)) {
            // a download cancelled half-way: the answer has begun, nobody is left to read the rest,
            // and nothing went wrong here
            log.debug("The client closed the connection: {}", e.toString());
            return null;
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error",
                "Something went wrong on our side. Reference: " + reference + ".", null);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(PROBLEM).body(problem);
    }

    /** Whether {@code e}, or the I/O error an export's writer wraps in it, says the client disconnected. */
    private static boolean clientWentAway(Exception e) {
        return DisconnectedClientHelper.isClientDisconnectedException(e) || e instanceof UncheckedIOException wrapped
                && DisconnectedClientHelper.isClientDisconnectedException(wrapped.getCause());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<ApiException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new ApiException.FieldError(error.getField(), error.getDefaultMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field))
                .toList();
        List<ApiException.FieldError> all = new ArrayList<>(errors);
        e.getBindingResult().getGlobalErrors().forEach(error ->
                all.add(new ApiException.FieldError(error.getObjectName(), error.getDefaultMessage())));
        errors = all;
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", summary(errors), errors);
    }

    /**
     * Constraints on the parameters of a controller without {@code @Validated}: Spring MVC validates a
     * {@code @Valid} body together with constrained path or query parameters; each error is named by
     * its field (body) or by its parameter.
     */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            if (result instanceof ParameterErrors body) {
                body.getFieldErrors().forEach(error ->
                        errors.add(new ApiException.FieldError(error.getField(), error.getDefaultMessage())));
                body.getGlobalErrors().forEach(error ->
                        errors.add(new ApiException.FieldError(error.getObjectName(), error.getDefaultMessage())));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(error ->
                        errors.add(new ApiException.FieldError(name, error.getDefaultMessage())));
            }
        }
        errors.sort(Comparator.comparing(ApiException.FieldError::field));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", summary(errors), errors);
    }

    /** A required query parameter left out: named like any other invalid parameter. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        List<ApiException.FieldError> errors = List.of(new ApiException.FieldError(e.getParameterName(), "is required"));
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimitFilter.BodyTooLargeException) { // streamed (chunked) past the limit
                return problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                        BodySizeLimitFilter.tooLargeDetail(ApiSecurityAutoConfiguration.MAX_BODY_BYTES), List.of());
            }
            if (cause instanceof Utf8Check.MalformedUtf8Exception malformed) {
                return notUtf8(malformed);
            }
        }
        Throwable cause = firstJacksonCause(e);
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", "Unknown field '" + field
                    + "': remove it (field names starting with '$' or containing '.' are never accepted).",
                    List.of(new ApiException.FieldError(field, "unknown field")));
        }
        if (cause instanceof InvalidFormatException invalid) {
            String field = path(invalid);
            String message = "must be " + describe(invalid.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message,
                    List.of(new ApiException.FieldError(field, message)));
        }
        if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String field = path(mismatch);
            String message = "must be " + describe(mismatch.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", (field.isEmpty() ? "body" : field) + ": " + message,
                    List.of(new ApiException.FieldError(field.isEmpty() ? "body" : field, message)));
        }
        if (cause instanceof InputCoercionException tooLarge) { // a stream error, but of one known field
            String field = path(tooLarge).isEmpty() ? "body" : path(tooLarge);
            String message = range(tooLarge.getTargetType());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message,
                    List.of(new ApiException.FieldError(field, message)));
        }
        if (cause instanceof ValueInstantiationException built) { // a request record's constructor refused it
            String field = path(built).isEmpty() ? "body" : path(built);
            String message = built.getCause() instanceof IllegalArgumentException refused && refused.getMessage() != null
                    ? firstLine(refused.getMessage())
                    : "holds a null where a value is needed (a list or map takes no null element)";
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message,
                    List.of(new ApiException.FieldError(field, message)));
        }
        if (cause instanceof StreamReadException malformed) {
            return problem(HttpStatus.BAD_REQUEST, "Malformed JSON", "The body is not well-formed JSON"
                    + where(malformed) + ": " + firstLine(malformed.getOriginalMessage()), List.of());
        }
        if (cause instanceof JacksonException jackson) {
            String field = path(jackson);
            String message = firstLine(jackson.getOriginalMessage());
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", (field.isEmpty() ? "" : field + ": ") + message,
                    field.isEmpty() ? List.of() : List.of(new ApiException.FieldError(field, message)));
        }
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid request", firstLine(cause.getMessage()), List.of());
        }
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", "The body is missing or unreadable.", List.of());
    }

    /** A path no endpoint has: said so, without the framework's words ("No static resource …"). */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.NOT_FOUND, "Not Found",
                "No endpoint at " + firstLine(request instanceof ServletWebRequest servlet
                        ? servlet.getRequest().getRequestURI() : "/" + e.getResourcePath())
                        + ": see the API documentation at /swagger-ui.html.", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            HttpHeaders withType = new HttpHeaders();
            withType.putAll(answer.getHeaders());
            withType.setContentType(PROBLEM);
            return new ResponseEntity<>(problem, withType, answer.getStatusCode());
        }
        return answer;
    }

    /** The Jackson exception that knows the field path, rather than the deepest cause (e.g. a DateTimeParseException). */
    private static Throwable firstJacksonCause(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException) {
                return cause;
            }
        }
        return e.getMostSpecificCause();
    }

    /** Constraints on path and query parameters of a @Validated controller. */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(jakarta.validation.ConstraintViolationException e) {
        List<ApiException.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new ApiException.FieldError(lastNode(violation.getPropertyPath().toString()),
                        violation.getMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", summary(errors), errors);
        return ResponseEntity.badRequest().contentType(PROBLEM).body(problem);
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private ResponseEntity<ProblemDetail> badRequest(String field, String message) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message,
                List.of(new ApiException.FieldError(field, message)));
        return ResponseEntity.badRequest().contentType(PROBLEM).body(problem);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String title, String detail,
                                                  List<ApiException.FieldError> errors) {
        return ResponseEntity.status(status).contentType(PROBLEM).body(Problems.of(status, title, detail, errors));
    }

    private static String summary(List<ApiException.FieldError> errors) {
        if (errors.isEmpty()) {
            return "The request is invalid.";
        }
        return errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "must be a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
        }
        return "is out of range";
    }

    /** What a value of this type looks like to a caller (no Java type names). */
    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.LocalDate.class) {
            return "an ISO date (yyyy-mm-dd)";
        }
        if (type == java.time.YearMonth.class) {
            return "an ISO month (yyyy-mm)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO date-time (e.g. 2026-11-29T10:15:00Z)";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** Where the parser stopped, when it knows: " at line 3, column 14". */
    private static String where(JacksonException e) {
        var location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /**
     * The first line of a parser's message, without the names of its Java classes and methods, nor
     * the parser settings it suggests enabling (the server's choice, not the caller's).
     */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).replaceAll(",? ?from `[^`]*`", "")
                .replaceAll(":? ?\\(?enable `[^`]*` to allow\\)?", ": not allowed in JSON")
                .replaceAll(" ?\\(not recognized as one since Feature '[^']*' not enabled for parser\\)",
                        ": comments are not allowed in JSON")
                .replaceAll(" ?\\(start marker at \\[Source: [^\\]]*\\]\\)", "") // where the object began, in parser terms
                .replaceAll("`(?:[a-z][a-z0-9_]*\\.)+[A-Za-z0-9_$]+`", "the value");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
