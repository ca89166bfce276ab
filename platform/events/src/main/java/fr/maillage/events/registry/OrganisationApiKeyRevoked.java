package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** An API key was revoked: services stop accepting it once the organisation's new state reaches them. */
public record OrganisationApiKeyRevoked(String organisationId, long version, Instant occurredAt, String keyId)
        implements OrganisationEvent {
    public OrganisationApiKeyRevoked {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(keyId, "keyId");
    }
}
