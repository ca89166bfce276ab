package fr.maillage.activity.api;

import fr.maillage.security.ApiException;
import fr.maillage.security.ApiKeyFilter;
import fr.maillage.security.Caller;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;

/**
 * A per-key limit on ingest batches (resilience4j), checked before the body is read so that a
 * client over its limit costs almost nothing: 429 with Retry-After.
 */
@Configuration(proxyBeanMethods = false)
class IngestRateLimit implements WebMvcConfigurer, HandlerInterceptor {

    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final RateLimiterRegistry limiters;

    IngestRateLimit(@Value("${maillage.activity.rate-limit.batches-per-second:200}") int batchesPerSecond) {
        if (batchesPerSecond < 1) {
            throw new IllegalArgumentException("maillage.activity.rate-limit.batches-per-second must be at least 1");
        }
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(batchesPerSecond)
                .limitRefreshPeriod(PERIOD)
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(ActivityController.REPORTS_PATH, ActivityController.INDICATORS_PATH);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE) instanceof Caller caller) {
            RateLimiter limiter = limiters.rateLimiter(caller.organisationId() + "/" + caller.keyId());
            if (!limiter.acquirePermission()) {
                throw ApiException.tooManyRequests(PERIOD);
            }
        }
        return true;
    }
}
