package fr.maillage.registry.domain;

import fr.maillage.events.registry.OrganisationApiKeyIssued;
import fr.maillage.events.registry.OrganisationApiKeyRevoked;
import fr.maillage.events.registry.OrganisationEvent;
import fr.maillage.events.registry.OrganisationRegistered;
import fr.maillage.events.registry.OrganisationState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The legal body behind places, or a local authority: what it may do (roles), where (territory),
 * the hashes of its API keys, and the ids of the keys it revoked (so that revoking one again is
 * told apart from naming a key it never had) with their hashes (so that a revoked key is never
 * accepted again, the national key file's included).
 */
public record Organisation(String id, long version, String name, OrganisationKind kind, String siret, String rna,
                           Set<String> roles, Territory territory, List<ApiKey> apiKeys, Instant createdAt,
                           Instant updatedAt, Set<String> revokedKeyIds, Set<String> revokedKeyHashes) {

    public Organisation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        revokedKeyIds = revokedKeyIds == null ? Set.of() : Set.copyOf(revokedKeyIds); // none before they were kept
        revokedKeyHashes = revokedKeyHashes == null ? Set.of() : Set.copyOf(revokedKeyHashes);
    }

    public record Territory(String level, String code) {
    }

    /** A key is kept only as its SHA-256 hash; the key itself is shown once, at issue. */
    public record ApiKey(String keyId, String sha256, Instant issuedAt) {
    }

    /** A new state with the events that produced it (the events carry key ids, never hashes). */
    public record Change(Organisation organisation, List<OrganisationEvent> events) {
        public Change {
            events = List.copyOf(events);
        }
    }

    public static Change register(String id, String name, OrganisationKind kind, String siret, String rna,
                                  Set<String> roles, Territory territory, Instant now) {
        Organisation organisation = new Organisation(id, 1, name, kind, siret, rna, roles, territory, List.of(),
                now, now, Set.of(), Set.of());
        return new Change(organisation, List.of(new OrganisationRegistered(id, 1, now, name, kind.name(),
                roles.stream().sorted().toList())));
    }

    public boolean hasKey(String keyId) {
        return apiKeys.stream().anyMatch(key -> key.keyId().equals(keyId));
    }

    /** Whether this organisation has or had the key: a key it never had cannot be revoked. */
    public boolean issuedKey(String keyId) {
        return hasKey(keyId) || revokedKeyIds.contains(keyId);
    }

    /**
     * Keys an organisation holds at once (one per client and a spare for rotation is a handful):
     * each is in the organisation's state event, which must stay far below what Kafka takes in a
     * record, or the state (and a revocation in it) would never reach the other services.
     */
    public static final int MAX_KEYS = 20;

    public Outcome<Change> issueKey(ApiKey key) {
        if (issuedKey(key.keyId())) { // a retry after a revocation too: a revoked key id never comes back
            return Outcome.refused("The organisation " + id + " already has or had the key " + key.keyId()
                    + ": a key is shown only once; if it was lost, revoke it and issue another.");
        }
        if (apiKeys.size() >= MAX_KEYS) {
            return Outcome.refused("The organisation " + id + " holds " + apiKeys.size() + " keys, the most it may hold"
                    + " at once: revoke one it no longer uses, then issue the new one.");
        }
        List<ApiKey> keys = new ArrayList<>(apiKeys);
        keys.add(key);
        Organisation next = withKeys(keys, null, key.issuedAt());
        return Outcome.changed(new Change(next,
                List.of(new OrganisationApiKeyIssued(id, next.version, key.issuedAt(), key.keyId()))));
    }

    /** Revokes a key; revoking a key it does not have (any more) changes nothing. */
    public Outcome<Change> revokeKey(String keyId, Instant now) {
        if (!hasKey(keyId)) {
            return Outcome.unchanged();
        }
        ApiKey revoked = apiKeys.stream().filter(key -> key.keyId().equals(keyId)).findFirst().orElseThrow();
        Organisation next = withKeys(apiKeys.stream().filter(key -> key != revoked).toList(), revoked, now);
        return Outcome.changed(new Change(next, List.of(new OrganisationApiKeyRevoked(id, next.version, now, keyId))));
    }

    /**
     * Puts {@code key} in place of the key with the same id, if any: one change, both events, each
     * with a version of its own (a consumer that sees two events of one version takes the second
     * for a replay).
     */
    public Outcome<Change> replaceKey(ApiKey key) {
        if (revokedKeyHashes.contains(key.sha256())) {
            return Outcome.refused("This key of the organisation " + id + " was revoked: a revoked key is never"
                    + " accepted again.");
        }
        if (apiKeys.contains(key) || apiKeys.stream().anyMatch(k -> k.sha256().equals(key.sha256()))) {
            return Outcome.unchanged();
        }
        List<OrganisationEvent> events = new ArrayList<>();
        Organisation without = this;
        if (hasKey(key.keyId())) {
            // the id comes back at once with the new key: it is not among the ids revoked for good
            without = withKeys(apiKeys.stream().filter(k -> !k.keyId().equals(key.keyId())).toList(), null,
                    key.issuedAt());
            events.add(new OrganisationApiKeyRevoked(id, without.version, key.issuedAt(), key.keyId()));
        }
        List<ApiKey> keys = new ArrayList<>(without.apiKeys);
        keys.add(key);
        Organisation next = without.withKeys(keys, null, key.issuedAt());
        events.add(new OrganisationApiKeyIssued(id, next.version, key.issuedAt(), key.keyId()));
        return Outcome.changed(new Change(next, events));
    }

    public OrganisationState toState() {
        return new OrganisationState(id, version, name, kind.name(), siret, rna, roles.stream().sorted().toList(),
                territory == null ? null : new OrganisationState.Territory(territory.level(), territory.code()),
                apiKeys.stream().map(key -> new OrganisationState.ApiKeyHash(key.keyId(), key.sha256())).toList(),
                updatedAt);
    }

    /** The keys, and a key revoked for good if any (a key replaced under its id is not). */
    private Organisation withKeys(List<ApiKey> keys, ApiKey revoked, Instant now) {
        Set<String> revokedIds = new HashSet<>(revokedKeyIds);
        Set<String> revokedHashes = new HashSet<>(revokedKeyHashes);
        if (revoked != null) {
            revokedIds.add(revoked.keyId());
            revokedHashes.add(revoked.sha256());
        }
        return new Organisation(id, version + 1, name, kind, siret, rna, roles, territory, keys, createdAt, now,
                revokedIds, revokedHashes);
    }
}
