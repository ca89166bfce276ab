package fr.maillage.registry.events;

import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.registry.OrganisationRegistered;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceUpdated;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.ThirdPlace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a registry change publishes: the event on the events topic and the latest full state on
 * the compacted state topic, both keyed by the aggregate id.
 */
public final class RegistryOutbox {

    private RegistryOutbox() {
    }

    public static List<OutboxEntry> of(ThirdPlace.Change change) {
        ThirdPlace place = change.place();
        List<OutboxEntry> entries = new ArrayList<>();
        ThirdPlaceEvent event = change.event();
        if (event instanceof ThirdPlaceRegistered registered) {
            entries.add(entry(RegistryTopics.EVENTS, RegistryEvents.THIRD_PLACE_REGISTERED, place.id(),
                    registered.occurredAt(), registered));
        } else if (event instanceof ThirdPlaceUpdated updated) {
            entries.add(entry(RegistryTopics.EVENTS, RegistryEvents.THIRD_PLACE_UPDATED, place.id(),
                    updated.occurredAt(), updated));
        }
        entries.add(entry(RegistryTopics.STATE, RegistryEvents.THIRD_PLACE_STATE, place.id(), place.updatedAt(),
                place.toState()));
        return entries;
    }

    /** An organisation change: its event if it has one, and always its new state (key hashes included). */
    public static List<OutboxEntry> of(Organisation organisation, Object event) {
        List<OutboxEntry> entries = new ArrayList<>();
        if (event instanceof OrganisationRegistered registered) {
            entries.add(entry(RegistryTopics.EVENTS, RegistryEvents.ORGANISATION_REGISTERED, organisation.id(),
                    registered.occurredAt(), registered));
        }
        entries.add(entry(RegistryTopics.STATE, RegistryEvents.ORGANISATION_STATE, organisation.id(),
                organisation.updatedAt(), organisation.toState()));
        return entries;
    }

    private static <T> OutboxEntry entry(String topic, EventType<T> type, String key, Instant time, T payload) {
        return OutboxEntry.of(topic, key, EventJson.toCloudEvent(type, UUID.randomUUID(), key, time, payload));
    }
}
