package fr.maillage.events.registry;

import java.time.Instant;

/** What happened to an organisation. Key hashes travel on the state topic only, never in these events. */
public sealed interface OrganisationEvent permits OrganisationRegistered, OrganisationApiKeyIssued,
        OrganisationApiKeyRevoked {
    String organisationId();

    long version();

    Instant occurredAt();
}
