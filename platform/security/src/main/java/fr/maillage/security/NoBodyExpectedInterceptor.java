package fr.maillage.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A write to an endpoint that takes no body ({@code /closure}, {@code /withdrawal}, {@code /rebuild})
 * with a body is refused (400): the body would be ignored, so a client that meant something by it
 * (a reason, a date, another endpoint's request) would take the change for what it asked. An
 * empty JSON object passes, and so does an empty chunked body.
 */
class NoBodyExpectedInterceptor implements HandlerInterceptor {

    private final Map<Method, Boolean> takesBody = new ConcurrentHashMap<>();

    /** An empty JSON object says nothing, and some clients send one with every POST: it is let through. */
    private static final int LONGEST_EMPTY_OBJECT = 64;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(handler instanceof HandlerMethod method) || request.getDispatcherType() != DispatcherType.REQUEST
                || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || "OPTIONS".equals(request.getMethod()) || !hasBody(request)) {
            return true;
        }
        if (!takesBody.computeIfAbsent(method.getMethod(), any -> Arrays.stream(method.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class))) && !emptyObject(request)) {
            throw ApiException.badRequest("This endpoint takes no body: send the request without one (what it"
                    + " changes is in its path, and in If-Match where it takes one).", List.of());
        }
        return true;
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** An empty JSON object, or nothing at all (a chunked body of no chunk, as streaming clients send). */
    private static boolean emptyObject(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(LONGEST_EMPTY_OBJECT + 1);
        if (body.length > LONGEST_EMPTY_OBJECT) {
            return false;
        }
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("[ \\t\\r\\n]", "");
        return text.isEmpty() || text.equals("{}");
    }
}
