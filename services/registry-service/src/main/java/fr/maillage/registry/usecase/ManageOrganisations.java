package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import fr.maillage.security.ApiKeys;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.Optional;

/** Organisations and their API keys. */
@Service
public class ManageOrganisations {

    private final AggregateStore<Organisation> organisations;
    private final Clock clock;

    public ManageOrganisations(AggregateStore<Organisation> organisations, Clock clock) {
        this.organisations = organisations;
        this.clock = clock;
    }

    public record Register(String id, String name, OrganisationKind kind, String siret, String rna, Set<String> roles,
                           Organisation.Territory territory) {
    }

    public record IssuedKey(String keyId, String apiKey) {
    }

    public record Registered(Organisation organisation, boolean created) {
    }

    public Registered register(Register command) {
        Organisation.Change change = Organisation.register(command.id(), command.name(), command.kind(),
                command.siret(), command.rna(), command.roles(), command.territory(), clock.instant());
        if (organisations.insert(command.id(), 1, change.organisation(),
                RegistryOutbox.of(change.organisation(), change.event()))) {
            return new Registered(change.organisation(), true);
        }
        Organisation existing = get(command.id());
        if (sameRegistration(existing, change.organisation())) {
            return new Registered(existing, false);
        }
        throw ApiException.conflict("A different organisation already has the id " + command.id() + ".",
                Map.of("currentVersion", existing.version()));
    }

    public Organisation get(String id) {
        return organisations.find(id).orElseThrow(() -> ApiException.notFound("organisation", id)).state();
    }

    /** Issues a new key; the key itself is returned this once and only its hash is kept. */
    public IssuedKey issueKey(String organisationId) {
        String key = ApiKeys.generate();
        String keyId = UUID.randomUUID().toString();
        change(organisationId, organisation -> Optional.of(organisation.withKey(
                new Organisation.ApiKey(keyId, ApiKeys.hash(key), clock.instant()), clock.instant())));
        return new IssuedKey(keyId, key);
    }

    /** Revokes a key; revoking it again changes nothing. */
    public void revokeKey(String organisationId, String keyId) {
        change(organisationId, organisation -> organisation.withoutKey(keyId, clock.instant()));
    }

    /**
     * Makes sure the national organisation exists and accepts the bootstrap key written by the
     * launcher, so a fresh stack can be administered at once.
     */
    public void ensureNational(String id, String bootstrapKey) {
        String hash = ApiKeys.hash(bootstrapKey);
        register(new Register(id, "Structure nationale", OrganisationKind.STATE, null, null, Set.of("NATIONAL"), null));
        change(id, organisation -> {
            if (organisation.apiKeys().stream().anyMatch(key -> key.sha256().equals(hash))) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            Organisation withoutOld = organisation.withoutKey("bootstrap", now).orElse(organisation);
            return Optional.of(withoutOld.withKey(new Organisation.ApiKey("bootstrap", hash, now), now));
        });
    }

    private void change(String id, Function<Organisation, Optional<Organisation>> transition) {
        for (int attempt = 0; attempt < 5; attempt++) {
            var current = organisations.find(id).orElseThrow(() -> ApiException.notFound("organisation", id));
            Optional<Organisation> next = transition.apply(current.state());
            if (next.isEmpty()) {
                return;
            }
            Organisation updated = withVersion(next.get(), current.version() + 1);
            if (organisations.update(id, current.version(), updated.version(), updated,
                    RegistryOutbox.of(updated, null))) {
                return;
            }
        }
        throw ApiException.conflict("The organisation " + id + " is being changed concurrently; retry.", Map.of());
    }

    private static Organisation withVersion(Organisation o, long version) {
        return new Organisation(o.id(), version, o.name(), o.kind(), o.siret(), o.rna(), o.roles(), o.territory(),
                o.apiKeys(), o.createdAt(), o.updatedAt());
    }

    private static boolean sameRegistration(Organisation a, Organisation b) {
        return a.name().equals(b.name()) && a.kind() == b.kind() && a.roles().equals(b.roles())
                && java.util.Objects.equals(a.siret(), b.siret()) && java.util.Objects.equals(a.rna(), b.rna())
                && java.util.Objects.equals(a.territory(), b.territory());
    }
}
