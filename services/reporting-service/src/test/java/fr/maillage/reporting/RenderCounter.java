package fr.maillage.reporting;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests that go past every filter of the service to its controllers, by path and
 * query: an answer served by the public answer cache never gets here.
 */
public final class RenderCounter extends OncePerRequestFilter {

    private final Map<String, AtomicInteger> rendered = new ConcurrentHashMap<>();

    public int rendered(String pathAndQuery) {
        AtomicInteger count = rendered.get(pathAndQuery);
        return count == null ? 0 : count.get();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
        rendered.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        chain.doFilter(request, response);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        RenderCounter renderCounter() {
            return new RenderCounter();
        }

        /** Last of the filters. */
        @Bean
        FilterRegistrationBean<RenderCounter> renderCounterRegistration(RenderCounter counter) {
            FilterRegistrationBean<RenderCounter> registration = new FilterRegistrationBean<>(counter);
            registration.setOrder(Ordered.LOWEST_PRECEDENCE);
            return registration;
        }
    }
}
