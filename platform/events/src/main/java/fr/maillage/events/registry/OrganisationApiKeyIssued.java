package fr.maillage.events.registry;

import java.time.Instant;
import java.util.Objects;

/** An API key was issued to an organisation: its id only, never the key nor its hash. */
public record OrganisationApiKeyIssued(String organisationId, long version, Instant occurredAt, String keyId)
        implements OrganisationEvent {
    public OrganisationApiKeyIssued {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(keyId, "keyId");
    }
}
