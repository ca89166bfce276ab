package fr.maillage.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One realistic payload per event type, per producing service; the contract test fails when a type has none. */
final class ContractSamples {

    static final Instant AT = java.time.Instant.parse("2026-11-29T10:15:00Z");

    static final Map<EventType<?>, Object> SAMPLES = merge(RegistrySamples.SAMPLES, ActivitySamples.SAMPLES,
            PartnershipSamples.SAMPLES);

    @SafeVarargs
    private static Map<EventType<?>, Object> merge(Map<EventType<?>, Object>... perService) {
        Map<EventType<?>, Object> all = new HashMap<>();
        for (Map<EventType<?>, Object> samples : perService) {
            all.putAll(samples);
        }
        return Map.copyOf(all);
    }

    private ContractSamples() {
    }
}
