package fr.maillage.reporting.api;

import fr.maillage.reporting.store.LiveProjections;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class PublicAnswerCacheConfiguration {

    /** After the key filter (which refuses odd paths and bad keys first), before everything else. */
    @Bean
    FilterRegistrationBean<PublicAnswerCache> publicAnswerCache(LiveProjections live) {
        FilterRegistrationBean<PublicAnswerCache> registration = new FilterRegistrationBean<>(new PublicAnswerCache(live::version));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }
}
