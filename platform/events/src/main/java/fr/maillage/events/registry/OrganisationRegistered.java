package fr.maillage.events.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

public record OrganisationRegistered(String organisationId, long version, Instant occurredAt, String name,
                                     String kind, List<String> roles)
        implements OrganisationEvent {
    public OrganisationRegistered {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
