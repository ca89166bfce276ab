package fr.maillage.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every API handler needs a caller unless it, or its controller, is a {@link PublicEndpoint}. An
 * OPTIONS request needs none: Spring answers it with the methods the path takes (as the OpenAPI
 * document, public, says), and a browser's preflight carries no key.
 */
class AuthenticationInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && !"OPTIONS".equals(request.getMethod()) && !isPublic(method)
                && request.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE) == null) {
            throw ApiException.unauthorized("This endpoint needs an API key: 'Authorization: Bearer <key>'.");
        }
        return true;
    }

    private static boolean isPublic(HandlerMethod method) {
        return method.hasMethodAnnotation(PublicEndpoint.class)
                || method.getBeanType().isAnnotationPresent(PublicEndpoint.class)
                || isApiDocumentation(method);
    }

    /** The OpenAPI document and Swagger UI describe the API; they reveal no data. */
    private static boolean isApiDocumentation(HandlerMethod method) {
        return method.getBeanType().getPackageName().startsWith("org.springdoc.");
    }
}
