package fr.maillage.events.registry;

import fr.maillage.events.EventType;

import java.util.List;

/** Every event type the registry publishes. */
public final class RegistryEvents {
    public static final EventType<ThirdPlaceRegistered> THIRD_PLACE_REGISTERED =
            new EventType<>("registry", "third-place.registered", 1, ThirdPlaceRegistered.class);
    public static final EventType<ThirdPlaceUpdated> THIRD_PLACE_UPDATED =
            new EventType<>("registry", "third-place.updated", 1, ThirdPlaceUpdated.class);
    public static final EventType<ThirdPlaceOpened> THIRD_PLACE_OPENED =
            new EventType<>("registry", "third-place.opened", 1, ThirdPlaceOpened.class);
    public static final EventType<ThirdPlaceClosed> THIRD_PLACE_CLOSED =
            new EventType<>("registry", "third-place.closed", 1, ThirdPlaceClosed.class);
    public static final EventType<ThirdPlaceFabriqueLabelled> THIRD_PLACE_FABRIQUE_LABELLED =
            new EventType<>("registry", "third-place.fabrique-labelled", 1, ThirdPlaceFabriqueLabelled.class);
    public static final EventType<ThirdPlaceFabriqueLabelWithdrawn> THIRD_PLACE_FABRIQUE_LABEL_WITHDRAWN =
            new EventType<>("registry", "third-place.fabrique-label-withdrawn", 1,
                    ThirdPlaceFabriqueLabelWithdrawn.class);
    public static final EventType<ThirdPlaceNetworkJoined> THIRD_PLACE_NETWORK_JOINED =
            new EventType<>("registry", "third-place.network-joined", 1, ThirdPlaceNetworkJoined.class);
    public static final EventType<ThirdPlaceNetworkLeft> THIRD_PLACE_NETWORK_LEFT =
            new EventType<>("registry", "third-place.network-left", 1, ThirdPlaceNetworkLeft.class);
    public static final EventType<ThirdPlaceFacilitatorsChanged> THIRD_PLACE_FACILITATORS_CHANGED =
            new EventType<>("registry", "third-place.facilitators-changed", 1, ThirdPlaceFacilitatorsChanged.class);

    public static final EventType<OrganisationRegistered> ORGANISATION_REGISTERED =
            new EventType<>("registry", "organisation.registered", 1, OrganisationRegistered.class);
    public static final EventType<OrganisationApiKeyIssued> ORGANISATION_API_KEY_ISSUED =
            new EventType<>("registry", "organisation.api-key-issued", 1, OrganisationApiKeyIssued.class);
    public static final EventType<OrganisationApiKeyRevoked> ORGANISATION_API_KEY_REVOKED =
            new EventType<>("registry", "organisation.api-key-revoked", 1, OrganisationApiKeyRevoked.class);

    /** On the compacted state topic. */
    public static final EventType<ThirdPlaceState> THIRD_PLACE_STATE =
            new EventType<>("registry", "third-place.state", 1, ThirdPlaceState.class);
    public static final EventType<OrganisationState> ORGANISATION_STATE =
            new EventType<>("registry", "organisation.state", 1, OrganisationState.class);

    public static final List<EventType<?>> ALL = List.of(THIRD_PLACE_REGISTERED, THIRD_PLACE_UPDATED,
            THIRD_PLACE_OPENED, THIRD_PLACE_CLOSED, THIRD_PLACE_FABRIQUE_LABELLED, THIRD_PLACE_FABRIQUE_LABEL_WITHDRAWN,
            THIRD_PLACE_NETWORK_JOINED, THIRD_PLACE_NETWORK_LEFT, THIRD_PLACE_FACILITATORS_CHANGED,
            ORGANISATION_REGISTERED, ORGANISATION_API_KEY_ISSUED, ORGANISATION_API_KEY_REVOKED,
            THIRD_PLACE_STATE, ORGANISATION_STATE);

    private RegistryEvents() {
    }
}
