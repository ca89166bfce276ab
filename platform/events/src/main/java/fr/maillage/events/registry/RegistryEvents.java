package fr.maillage.events.registry;

import fr.maillage.events.EventType;

import java.util.List;

/** Every event type the registry publishes. */
public final class RegistryEvents {
    public static final EventType<ThirdPlaceRegistered> THIRD_PLACE_REGISTERED =
            new EventType<>("registry", "third-place.registered", 1, ThirdPlaceRegistered.class);
    public static final EventType<ThirdPlaceUpdated> THIRD_PLACE_UPDATED =
            new EventType<>("registry", "third-place.updated", 1, ThirdPlaceUpdated.class);
    public static final EventType<OrganisationRegistered> ORGANISATION_REGISTERED =
            new EventType<>("registry", "organisation.registered", 1, OrganisationRegistered.class);

    /** On the compacted state topic. */
    public static final EventType<ThirdPlaceState> THIRD_PLACE_STATE =
            new EventType<>("registry", "third-place.state", 1, ThirdPlaceState.class);
    public static final EventType<OrganisationState> ORGANISATION_STATE =
            new EventType<>("registry", "organisation.state", 1, OrganisationState.class);

    public static final List<EventType<?>> ALL = List.of(THIRD_PLACE_REGISTERED, THIRD_PLACE_UPDATED,
            ORGANISATION_REGISTERED, THIRD_PLACE_STATE, ORGANISATION_STATE);

    private RegistryEvents() {
    }
}
