package fr.maillage.registry;

import fr.maillage.registry.domain.ThirdPlace;
import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RegistryConfiguration {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * "Today" for {@code @PastOrPresent} (an opening's or a certification's date) is the day in
     * France, as the register dates openings, not the JVM's zone's: at 00:30 in Paris the day
     * that began there is present, though it is still yesterday in UTC.
     */
    @Bean
    ValidationConfigurationCustomizer todayInFrance(Clock clock) {
        return configuration -> configuration.clockProvider(() -> clock.withZone(ThirdPlace.FRANCE));
    }
}
