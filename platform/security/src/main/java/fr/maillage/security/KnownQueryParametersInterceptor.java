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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A query parameter an API endpoint does not take is refused (400, naming it and the parameters
 * the endpoint takes): a misspelt filter ({@code ?categorie=TRAINING}) would otherwise be ignored,
 * and the unfiltered answer taken for a filtered one; an endpoint that takes none refuses any (a
 * filter that one of its siblings takes, {@code /fabriques?region=84}, would be ignored the same
 * way). Only under {@code /api/} (a web page may be linked with whatever a campaign adds to its
 * address), and not for a {@link LinkedFile} (an open-data file, linked with tracking or
 * cache-busting parameters) nor for OPTIONS, which Spring answers for any query. A parameter
 * given twice is refused too: every parameter takes one value, and Spring would keep the first of
 * an enum or a number ({@code ?terms=FREE&terms=MARKET_RENT} looking filtered by both) but join
 * strings with a comma.
 */
class KnownQueryParametersInterceptor implements HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();
    /** The query parameters each endpoint takes; empty for one not checked (a linked file, or a map of all). */
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
        String malformed = QueryStrings.problemWith(query);
        if (malformed != null) { // before Spring reads a parameter, which Tomcat would fail on
            throw ApiException.badRequest(QueryStrings.TITLE + ": " + malformed + "; " + QueryStrings.HOW, List.of());
        }
        Set<String> given = new HashSet<>();
        for (String pair : query.split("&")) {
            // decodable: QueryStrings checked it above
            String name = URLDecoder.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair,
                    StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                continue;
            }
            if (!taken.get().contains(name)) {
                throw ApiException.invalidField(name, "is not a parameter of this endpoint; " + (taken.get().isEmpty()
                        ? "it takes none" : "it takes " + String.join(", ", taken.get())));
            }
            if (!given.add(name)) {
                throw ApiException.invalidField(name, "is given more than once; give it once (it takes one value)");
            }
        }
        return true;
    }

    private static Optional<Set<String>> parameters(HandlerMethod method) {
        if (method.hasMethodAnnotation(LinkedFile.class)) {
            return Optional.empty();
        }
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
        return Optional.of(names);
    }
}
