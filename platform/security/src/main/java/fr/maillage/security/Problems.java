package fr.maillage.security;

import fr.maillage.events.EventJson;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Builds RFC 9457 problems, and writes them where Spring MVC's advice cannot (servlet filters). */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String title, String detail, List<ApiException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://maillage.fr/problems/" + status.value()));
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemDetail problem = of(status, title, detail, null);
        response.setStatus(status.value());
        SecurityHeadersFilter.addTo(response, SecurityHeadersFilter.API_POLICY); // after a reset, or before any filter
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", problem.getType().toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        response.getOutputStream().write(EventJson.mapper().writeValueAsBytes(body));
    }
}
