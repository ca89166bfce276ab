package fr.maillage.events.partnership;

import fr.maillage.events.EventType;

import java.util.List;

/** Every event type the partnership-service publishes (premises, applications, agreements, funds). */
public final class PartnershipEvents {

    public static final List<EventType<?>> ALL = List.of();

    private PartnershipEvents() {
    }
}
