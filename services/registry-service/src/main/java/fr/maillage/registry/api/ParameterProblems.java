package fr.maillage.registry.api;

import fr.maillage.security.ApiException;
import fr.maillage.security.ProblemHandler;
import fr.maillage.security.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Two refusals the platform's {@link ProblemHandler} does not name a field for, named here: path and
 * query parameters checked by {@code @Validated} controllers, and numbers too large for their field
 * (which Jackson reports as unreadable input). Everything else goes to the platform's handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ParameterProblems {

    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    private final ProblemHandler platform;

    ParameterProblems(ProblemHandler platform) {
        this.platform = platform;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(ConstraintViolationException e) {
        List<ApiException.FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new ApiException.FieldError(parameter(violation), violation.getMessage()))
                .sorted(Comparator.comparing(ApiException.FieldError::field))
                .toList();
        return badRequest(errors);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable(HttpMessageNotReadableException e, WebRequest request) throws Exception {
        JacksonException located = locatedCause(e);
        if (located instanceof InputCoercionException tooLarge) {
            String type = tooLarge.getTargetType() == null ? "its type" : tooLarge.getTargetType().getSimpleName();
            return badRequest(List.of(new ApiException.FieldError(path(tooLarge),
                    "must be a number within the range of " + type.toLowerCase())));
        }
        ResponseEntity<?> answer = platform.handleException(e, request);
        if (located != null && answer != null && answer.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("errors"))) {
            return badRequest(List.of(new ApiException.FieldError(path(located),
                    "has the wrong type (e.g. a string where a list or a number is expected)")));
        }
        return answer;
    }

    /** The first Jackson error in the chain that knows where in the body it happened. */
    private static JacksonException locatedCause(Throwable e) {
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                return jackson;
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> badRequest(List<ApiException.FieldError> errors) {
        String detail = errors.stream().map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().contentType(PROBLEM)
                .body(Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors));
    }

    /** {@code list.size} is the parameter {@code size} of the method {@code list}. */
    private static String parameter(ConstraintViolation<?> violation) {
        String name = null;
        for (Path.Node node : violation.getPropertyPath()) {
            name = node.getName();
        }
        return name == null ? "request" : name;
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
