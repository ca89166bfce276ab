package fr.maillage.security;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's error page, as problem+json. Tomcat refuses some requests before any filter or handler
 * sees them (an encoded '/' or '\', a NUL byte, a path that leaves the root): without this valve
 * they get Tomcat's HTML page. Errors that the application answered itself are left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus answer = known == null ? (status < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR) : known;
        try {
            Problems.write(response, answer, answer.getReasonPhrase(), detail(answer));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client has gone, or the answer was already under way: nothing more to say
        }
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request cannot be read: its path must not hold encoded '/' or '\\', NUL "
                    + "characters or segments that leave the root, its headers must be well-formed, and the request "
                    + "line and headers together must stay under 8 KB.";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large.";
            case URI_TOO_LONG -> "The request path and query are too long.";
            default -> status.is4xxClientError() ? "The request was refused (" + status.value() + ")."
                    : "The server could not answer; nothing was changed.";
        };
    }
}
