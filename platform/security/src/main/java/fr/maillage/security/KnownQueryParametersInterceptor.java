package fr.maillage.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.lang.reflect.Method;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter an API endpoint does not take is refused (400, naming it and the parameters
 * the endpoint takes): a misspelt filter ({@code ?categorie=TRAINING}) would otherwise be ignored,
 * and the unfiltered answer taken for a filtered one. Only under {@code /api/} (a web page may be
 * linked with whatever a campaign adds to its address), and only for endpoints that take query
 * parameters: one that takes none has no filter to misspell, and an open-data file is linked with
 * tracking or cache-busting parameters too. Not for OPTIONS, which Spring answers for any query.
 */
class KnownQueryParametersInterceptor implements HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();
    /** The query parameters each endpoint takes; empty for one not checked (it takes none, or a map of all). */
    private final Map<Method, Optional<Set<String>>> known = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)
                || request.getDispatcherType() != DispatcherType.REQUEST || "OPTIONS".equals(request.getMethod())
                || !request.getRequestURI().startsWith("/api/")) {
            return true;
        }
        Optional<Set<String>> taken = known.computeIfAbsent(method.getMethod(), any -> parameters(method));
        if (taken.isEmpty()) {
            return true;
        }
        for (String pair : query.split("&")) {
            String name = decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            if (!name.isEmpty() && !taken.get().contains(name)) {
                throw ApiException.invalidField(name, "is not a parameter of this endpoint; it takes "
                        + String.join(", ", taken.get()));
            }
        }
        return true;
    }

    private static Optional<Set<String>> parameters(HandlerMethod method) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(parameter.getParameterType()) && param.name().isEmpty() && param.value().isEmpty()) {
                return Optional.empty();
            }
            String declared = param.name().isEmpty() ? param.value() : param.name();
            parameter.initParameterNameDiscovery(NAMES);
            names.add(declared.isEmpty() ? parameter.getParameterName() : declared);
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(names);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw; // named as sent: it is unknown either way
        }
    }
}
