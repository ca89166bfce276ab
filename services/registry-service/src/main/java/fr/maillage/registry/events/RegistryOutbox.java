package fr.maillage.registry.events;

import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.registry.FacilitatorCertified;
import fr.maillage.events.registry.FacilitatorErased;
import fr.maillage.events.registry.FacilitatorEvent;
import fr.maillage.events.registry.FacilitatorRegistered;
import fr.maillage.events.registry.OrganisationApiKeyIssued;
import fr.maillage.events.registry.OrganisationApiKeyRevoked;
import fr.maillage.events.registry.OrganisationEvent;
import fr.maillage.events.registry.OrganisationRegistered;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceClosed;
import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelWithdrawn;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelled;
import fr.maillage.events.registry.ThirdPlaceFacilitatorsChanged;
import fr.maillage.events.registry.ThirdPlaceNetworkJoined;
import fr.maillage.events.registry.ThirdPlaceNetworkLeft;
import fr.maillage.events.registry.ThirdPlaceOpened;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceUpdated;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.ThirdPlace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a registry change publishes: the event on the events topic and, for tiers-lieux and
 * organisations, the latest full state on the compacted state topic, keyed by kind and id.
 * Facilitators have no state on the topic: only their pseudonymous events leave the registry.
 */
public final class RegistryOutbox {

    private static final Map<Class<?>, EventType<?>> TYPES = Map.ofEntries(
            Map.entry(ThirdPlaceRegistered.class, RegistryEvents.THIRD_PLACE_REGISTERED),
            Map.entry(ThirdPlaceUpdated.class, RegistryEvents.THIRD_PLACE_UPDATED),
            Map.entry(ThirdPlaceOpened.class, RegistryEvents.THIRD_PLACE_OPENED),
            Map.entry(ThirdPlaceClosed.class, RegistryEvents.THIRD_PLACE_CLOSED),
            Map.entry(ThirdPlaceFabriqueLabelled.class, RegistryEvents.THIRD_PLACE_FABRIQUE_LABELLED),
            Map.entry(ThirdPlaceFabriqueLabelWithdrawn.class, RegistryEvents.THIRD_PLACE_FABRIQUE_LABEL_WITHDRAWN),
            Map.entry(ThirdPlaceNetworkJoined.class, RegistryEvents.THIRD_PLACE_NETWORK_JOINED),
            Map.entry(ThirdPlaceNetworkLeft.class, RegistryEvents.THIRD_PLACE_NETWORK_LEFT),
            Map.entry(ThirdPlaceFacilitatorsChanged.class, RegistryEvents.THIRD_PLACE_FACILITATORS_CHANGED),
            Map.entry(OrganisationRegistered.class, RegistryEvents.ORGANISATION_REGISTERED),
            Map.entry(OrganisationApiKeyIssued.class, RegistryEvents.ORGANISATION_API_KEY_ISSUED),
            Map.entry(OrganisationApiKeyRevoked.class, RegistryEvents.ORGANISATION_API_KEY_REVOKED),
            Map.entry(FacilitatorRegistered.class, RegistryEvents.FACILITATOR_REGISTERED),
            Map.entry(FacilitatorCertified.class, RegistryEvents.FACILITATOR_CERTIFIED),
            Map.entry(FacilitatorErased.class, RegistryEvents.FACILITATOR_ERASED));

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

    public static List<OutboxEntry> of(Facilitator.Change change) {
        FacilitatorEvent event = change.event();
        return List.of(entry(RegistryTopics.EVENTS, event.facilitatorId(), event.occurredAt(), event));
    }

    /** A state record: keyed by kind and id ({@link RegistryTopics#thirdPlaceStateKey}), its subject the id. */
    private static <T> OutboxEntry state(EventType<T> type, String key, String subject, Instant time, T payload) {
        return OutboxEntry.of(RegistryTopics.STATE, key, EventJson.toCloudEvent(type, UUID.randomUUID(), subject, time,
                payload));
    }

    @SuppressWarnings("unchecked")
    private static OutboxEntry entry(String topic, String key, Instant time, Object payload) {
        EventType<Object> type = (EventType<Object>) TYPES.get(payload.getClass());
        if (type == null) {
            throw new IllegalStateException("No event type for " + payload.getClass().getSimpleName());
        }
        return OutboxEntry.of(topic, key, EventJson.toCloudEvent(type, UUID.randomUUID(), key, time, payload));
    }
}
