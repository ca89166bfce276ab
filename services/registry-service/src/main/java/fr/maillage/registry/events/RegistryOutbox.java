package fr.maillage.registry.events;

import fr.maillage.events.Contracts;
import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.registry.OrganisationEvent;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.ThirdPlace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a registry change publishes: the event on the events topic and, for tiers-lieux and
 * organisations, the latest full state on the compacted state topic, keyed by kind and id.
 * Facilitators publish nothing (see {@code Facilitator.Change}): their places' events carry the counts.
 */
public final class RegistryOutbox {

    private RegistryOutbox() {
    }

    public static List<OutboxEntry> of(ThirdPlace.Change change) {
        ThirdPlace place = change.place();
        ThirdPlaceEvent event = change.event();
        return List.of(
                entry(RegistryTopics.EVENTS, event.thirdPlaceId(), event.occurredAt(), event),
                state(RegistryEvents.THIRD_PLACE_STATE, RegistryTopics.thirdPlaceStateKey(place.id()), place.id(),
                        place.updatedAt(), place.toState()));
    }

    /** An organisation change: its events, and always its new state (key hashes included). */
    public static List<OutboxEntry> of(Organisation.Change change) {
        Organisation organisation = change.organisation();
        List<OutboxEntry> entries = new ArrayList<>();
        for (OrganisationEvent event : change.events()) {
            entries.add(entry(RegistryTopics.EVENTS, event.organisationId(), event.occurredAt(), event));
        }
        entries.add(state(RegistryEvents.ORGANISATION_STATE, RegistryTopics.organisationStateKey(organisation.id()),
                organisation.id(), organisation.updatedAt(), organisation.toState()));
        return entries;
    }

    /** A state record: keyed by kind and id ({@link RegistryTopics#thirdPlaceStateKey}), its subject the id. */
    private static <T> OutboxEntry state(EventType<T> type, String key, String subject, Instant time, T payload) {
        return OutboxEntry.of(RegistryTopics.STATE, key, EventJson.toCloudEvent(type, UUID.randomUUID(), subject, time,
                payload));
    }

    private static <T> OutboxEntry entry(String topic, String key, Instant time, T payload) {
        return OutboxEntry.of(topic, key, EventJson.toCloudEvent(Contracts.ofPayload(payload), UUID.randomUUID(), key,
                time, payload));
    }
}
