package fr.maillage.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.List;
import java.util.Set;

/**
 * A write whose caller cannot accept JSON is refused (406) before it runs. Spring MVC checks the
 * Accept header against an endpoint's {@code produces} before calling it, but for endpoints that
 * declare none it only finds out when writing the answer: the write would already be done, and the
 * caller, told 406, would believe it was not.
 */
class AcceptableAnswerInterceptor implements HandlerInterceptor {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final MediaType ANY_JSON = MediaType.parseMediaType("application/*+json");

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod) || request.getDispatcherType() != DispatcherType.REQUEST
                || READS.contains(HttpMethod.valueOf(request.getMethod()))
                || request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null) {
            return true;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("Could not parse the Accept header: send application/json.");
        }
        boolean json = accepted.stream().anyMatch(type ->
                type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.isCompatibleWith(ANY_JSON));
        if (!json) {
            throw new HttpMediaTypeNotAcceptableException(List.of(MediaType.APPLICATION_JSON, ANY_JSON));
        }
        return true;
    }
}
