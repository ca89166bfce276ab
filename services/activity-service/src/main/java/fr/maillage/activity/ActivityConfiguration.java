package fr.maillage.activity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ActivityConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
