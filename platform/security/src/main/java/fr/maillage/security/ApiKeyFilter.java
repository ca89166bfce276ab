package fr.maillage.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <api key>} against the local directory of key hashes.
 * A key that is present but unknown or revoked is refused here; whether a key is needed at all is
 * decided per endpoint by {@link AuthenticationInterceptor}. Management endpoints other than health
 * need the national role.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    public static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";

    private final CallerDirectory directory;

    public ApiKeyFilter(CallerDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Caller caller = null;
        if (header != null) {
            if (!header.startsWith(BEARER) || header.length() <= BEARER.length()) {
                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "Send the API key as 'Authorization: Bearer <key>'.");
                return;
            }
            Optional<Caller> found = directory.findByKeyHash(ApiKeys.hash(header.substring(BEARER.length()).trim()));
            if (found.isEmpty()) {
                Problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "This API key is unknown or has been revoked.");
                return;
            }
            caller = found.get();
            request.setAttribute(CALLER_ATTRIBUTE, caller);
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/actuator") && !isHealth(path)) {
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
        chain.doFilter(request, response);
    }

    private static boolean isHealth(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }
}
