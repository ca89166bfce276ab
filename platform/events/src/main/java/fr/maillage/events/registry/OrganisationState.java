package fr.maillage.events.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The full state of an organisation as other services need it to authenticate and authorise its
 * callers locally: roles, territory and the SHA-256 hashes of its valid API keys (never the keys).
 */
public record OrganisationState(
        String organisationId,
        long version,
        String name,
        String kind,
        String siret,
        String rna,
        List<String> roles,
        Territory territory,
        List<ApiKeyHash> apiKeys,
        Instant updatedAt) {

    public OrganisationState {
        Objects.requireNonNull(organisationId, "organisationId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        roles = roles == null ? List.of() : List.copyOf(roles);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    /** The territory a local authority (or a region-scoped analyst) acts in. */
    public record Territory(String level, String code) {
        public Territory {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(code, "code");
        }
    }

    public record ApiKeyHash(String keyId, String sha256) {
        public ApiKeyHash {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(sha256, "sha256");
        }
    }
}
