package fr.maillage.partnership.api;

import com.mongodb.MongoException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import fr.maillage.partnership.domain.DomainViolation;
import fr.maillage.security.ApiException;
import fr.maillage.security.ProblemHandler;
import fr.maillage.security.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Problems this service answers before the platform's {@link ProblemHandler}, each naming the field:
 * a broken domain rule; invalid body fields validated along with path or query parameters; a value
 * Jackson could not convert because a JDK parser refused it (e.g. the date "20270-01-01"). The
 * platform handler answers the last two without naming the field. And 503 when the store is unreachable.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestProblems {

    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    private final ProblemHandler problemHandler;

    RequestProblems(ProblemHandler problemHandler) {
        this.problemHandler = problemHandler;
    }

    @ExceptionHandler(DomainViolation.class)
    ResponseEntity<ProblemDetail> violation(DomainViolation e) {
        return fieldProblem(e.field(), e.getMessage());
    }

    /**
     * Spring MVC validates a {@code @Valid} body together with constrained path or query parameters;
     * each error is named by its field (body) or by its parameter.
     */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
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
        String detail = errors.stream().map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request",
                detail.isEmpty() ? "The request is invalid." : detail, errors);
        return ResponseEntity.badRequest().contentType(PROBLEM).body(problem);
    }

    /** The store is unreachable: nothing was changed, the caller may retry shortly. */
    @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(MongoException e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                "The partnership store cannot be reached; retry in a few seconds.", null);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(PROBLEM).body(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<?> unreadable(HttpMessageNotReadableException e, WebRequest request) throws Exception {
        if (e.getCause() instanceof MismatchedInputException mismatch
                && !(e.getMostSpecificCause() instanceof JacksonException)) {
            String field = path(mismatch);
            if (!field.isEmpty()) {
                Class<?> type = mismatch.getTargetType();
                return fieldProblem(field, type != null && Temporal.class.isAssignableFrom(type)
                        ? "must be an ISO date (yyyy-mm-dd)" : "has an unreadable value");
            }
        }
        return problemHandler.handleException(e, request);
    }

    private static ResponseEntity<ProblemDetail> fieldProblem(String field, String message) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message,
                List.of(new ApiException.FieldError(field, message)));
        return ResponseEntity.badRequest().contentType(PROBLEM).body(problem);
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
