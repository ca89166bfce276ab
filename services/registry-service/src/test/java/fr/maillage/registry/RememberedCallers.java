package fr.maillage.registry;

import fr.maillage.security.Caller;
import fr.maillage.security.CallerDirectory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's key check, which reads its own store, remembering what it found: while a test
 * says the store is out, keys seen before are recognised from memory, so that a request gets past
 * the key check and meets the outage where the test wants it (the write).
 */
final class RememberedCallers implements CallerDirectory {

    private final CallerDirectory store;
    private final Map<String, Caller> seen = new ConcurrentHashMap<>();
    private volatile boolean storeOut;

    private RememberedCallers(CallerDirectory store) {
        this.store = store;
    }

    void whileStoreIsOut(Runnable action) {
        storeOut = true;
        try {
            action.run();
        } finally {
            storeOut = false;
        }
    }

    @Override
    public Optional<Caller> findByKeyHash(String sha256) {
        if (storeOut && seen.containsKey(sha256)) {
            return Optional.of(seen.get(sha256));
        }
        Optional<Caller> found = store.findByKeyHash(sha256);
        found.ifPresent(caller -> seen.put(sha256, caller));
        return found;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Configuration {

        @Bean
        @Primary
        RememberedCallers rememberedCallers(@Qualifier("organisationDirectory") CallerDirectory store) {
            return new RememberedCallers(store);
        }
    }
}
