package fr.maillage.partnership.api;

import fr.maillage.partnership.domain.DomainViolation;
import fr.maillage.security.ApiException;
import fr.maillage.security.ProblemHandler;
import fr.maillage.security.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/** A broken domain rule, answered as a 400 naming its field; everything else goes to the platform's {@link ProblemHandler}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestProblems {

    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    @ExceptionHandler(DomainViolation.class)
    ResponseEntity<ProblemDetail> violation(DomainViolation e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", e.field() + ": " + e.getMessage(),
                List.of(new ApiException.FieldError(e.field(), e.getMessage())));
        return ResponseEntity.badRequest().contentType(PROBLEM).body(problem);
    }
}
