package fr.maillage.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * The servlet container's error page (in place of Spring Boot's), as problem+json: errors raised
 * before Spring MVC (a request for /WEB-INF/…, an exception out of a filter) are forwarded here.
 * Asked for directly, it is a page that does not exist. It reveals nothing, so it needs no key:
 * the status of the original request stands.
 */
@RestController
@PublicEndpoint
public class ProblemErrorController implements ErrorController {

    private static final MediaType PROBLEM = MediaType.parseMediaType(Problems.MEDIA_TYPE);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError()) {
            status = HttpStatus.NOT_FOUND;
        }
        String detail = switch (status) {
            case NOT_FOUND -> "Nothing here: see the API documentation at /swagger-ui.html.";
            case BAD_REQUEST -> "The request cannot be read.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed at this path: see the API documentation at /swagger-ui.html.";
            case NOT_ACCEPTABLE -> "No answer in the media type asked for (Accept): ask for application/json, or for what the API documentation lists.";
            default -> status.is4xxClientError() ? "The request was refused (" + status.value() + ")."
                    : "Something went wrong on our side; nothing was changed.";
        };
        ProblemDetail problem = Problems.of(status, status.getReasonPhrase(), detail, null);
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            try {
                problem.setInstance(URI.create(uri)); // the request refused, not this page
            } catch (IllegalArgumentException e) {
                // a path no URI can hold: the problem has no instance
            }
        }
        return ResponseEntity.status(status).contentType(PROBLEM).body(problem);
    }
}
