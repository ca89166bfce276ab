package fr.maillage.events.partnership;

import java.time.Instant;

/** What happened to premises. Each event carries the resulting state, so readers need no lookup. */
public sealed interface PremisesEvent permits PremisesOffered, PremisesApplicationReceived, PremisesReserved,
        PremisesApplicationDeclined, OccupancyAgreementSigned, PremisesWithdrawn {
    String premisesId();

    long version();

    Instant occurredAt();

    PremisesState premises();
}
