package fr.maillage.registry;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry's clock in the tests: the system's, except while a test stops it at an instant of
 * its choosing (the evening in UTC that is already tomorrow in France, say). Every clock derived
 * from it ({@link #withZone}) stops with it, as the validator's does.
 */
final class SettableClock extends Clock {

    private final AtomicReference<Instant> stoppedAt;
    private final ZoneId zone;

    private SettableClock(AtomicReference<Instant> stoppedAt, ZoneId zone) {
        this.stoppedAt = stoppedAt;
        this.zone = zone;
    }

    /** Runs {@code action} with the clock showing {@code instant}. */
    void at(Instant instant, Runnable action) {
        stoppedAt.set(instant);
        try {
            action.run();
        } finally {
            stoppedAt.set(null);
        }
    }

    @Override
    public Instant instant() {
        Instant stopped = stoppedAt.get();
        return stopped != null ? stopped : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new SettableClock(stoppedAt, newZone);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock(new AtomicReference<>(), ZoneOffset.UTC);
        }
    }
}
