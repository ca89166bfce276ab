package fr.maillage.events;

import java.util.Map;

/** One realistic payload per partnership event type. */
final class PartnershipSamples {

    static final Map<EventType<?>, Object> SAMPLES = Map.of();

    private PartnershipSamples() {
    }
}
