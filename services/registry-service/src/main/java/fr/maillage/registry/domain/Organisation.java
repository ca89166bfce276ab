package fr.maillage.registry.domain;

import fr.maillage.events.registry.OrganisationRegistered;
import fr.maillage.events.registry.OrganisationState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The legal body behind places, or a local authority: what it may do (roles), where (territory),
 * and the hashes of its API keys.
 */
public record Organisation(String id, long version, String name, OrganisationKind kind, String siret, String rna,
                           Set<String> roles, Territory territory, List<ApiKey> apiKeys, Instant createdAt,
                           Instant updatedAt) {

    public Organisation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    }

    public record Territory(String level, String code) {
    }

    /** A key is kept only as its SHA-256 hash; the key itself is shown once, at issue. */
    public record ApiKey(String keyId, String sha256, Instant issuedAt) {
    }

    public record Change(Organisation organisation, Object event) {
    }

    public static Change register(String id, String name, OrganisationKind kind, String siret, String rna,
                                  Set<String> roles, Territory territory, Instant now) {
        Organisation organisation = new Organisation(id, 1, name, kind, siret, rna, roles, territory, List.of(), now, now);
        return new Change(organisation, new OrganisationRegistered(id, 1, now, name, kind.name(),
                roles.stream().sorted().toList()));
    }

    public Organisation withKey(ApiKey key, Instant now) {
        List<ApiKey> keys = new ArrayList<>(apiKeys);
        keys.add(key);
        return new Organisation(id, version + 1, name, kind, siret, rna, roles, territory, keys, createdAt, now);
    }

    public Optional<Organisation> withoutKey(String keyId, Instant now) {
        List<ApiKey> keys = apiKeys.stream().filter(key -> !key.keyId().equals(keyId)).toList();
        if (keys.size() == apiKeys.size()) {
            return Optional.empty();
        }
        return Optional.of(new Organisation(id, version + 1, name, kind, siret, rna, roles, territory, keys, createdAt, now));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public OrganisationState toState() {
        return new OrganisationState(id, version, name, kind.name(), siret, rna, roles.stream().sorted().toList(),
                territory == null ? null : new OrganisationState.Territory(territory.level(), territory.code()),
                apiKeys.stream().map(key -> new OrganisationState.ApiKeyHash(key.keyId(), key.sha256())).toList(),
                updatedAt);
    }
}
