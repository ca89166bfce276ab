package fr.maillage.events.registry;

import java.time.Instant;

/** What happened to a tiers-lieu. Each event carries the resulting state, so readers need no lookup. */
public sealed interface ThirdPlaceEvent permits ThirdPlaceRegistered, ThirdPlaceUpdated, ThirdPlaceOpened,
        ThirdPlaceClosed, ThirdPlaceFabriqueLabelled, ThirdPlaceFabriqueLabelWithdrawn, ThirdPlaceNetworkJoined,
        ThirdPlaceNetworkLeft, ThirdPlaceFacilitatorsChanged {
    String thirdPlaceId();

    long version();

    Instant occurredAt();

    ThirdPlaceState place();
}
