package fr.maillage.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Headers on every answer: no content sniffing (a JSON answer quoting a place's name is never run
 * as a page or a script), no referrer passed on, and a content security policy. The API's answers
 * may load nothing and be framed by nobody; a service's own pages (the dashboard) load only the
 * service's own scripts, styles and streams. The API documentation's pages (Swagger UI) load only
 * the service's own too, but may set styles inline, which Swagger UI's rendering does (its browser
 * test fails on any refusal). Problems written outside
 * Spring's handlers (Tomcat's refusals, a body cut at its size limit) add them too ({@link Problems#write}).
 */
public class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";
    static final String DOCUMENTATION_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        addTo(response, policyFor(request.getRequestURI()));
        chain.doFilter(request, response);
    }

    /** @param policy the content security policy */
    static void addTo(HttpServletResponse response, String policy) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", policy);
    }

    static String policyFor(String path) {
        if (path.startsWith("/swagger-ui")) {
            return DOCUMENTATION_POLICY;
        }
        if (path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/v3/api-docs")) {
            return API_POLICY;
        }
        return PAGE_POLICY;
    }
}
