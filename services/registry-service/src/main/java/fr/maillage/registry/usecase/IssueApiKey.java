package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Organisation;
import fr.maillage.security.ApiKeys;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.UUID;

/**
 * Issues a new API key: returned this once, kept only as its hash; the event carries the key id
 * only. A key that was lost cannot be shown again: it is revoked and another one issued.
 */
@Service
public class IssueApiKey {

    private final OrganisationChanges changes;
    private final Clock clock;

    IssueApiKey(OrganisationChanges changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    /** {@code keyId} may be null (a random one); a retry with the same key id is refused, never issued twice. */
    public record Command(String organisationId, String keyId) {
    }

    public record IssuedKey(String keyId, String apiKey) {
    }

    public IssuedKey issue(Command command) {
        String key = ApiKeys.generate();
        String keyId = command.keyId() != null ? command.keyId() : UUID.randomUUID().toString();
        changes.apply(command.organisationId(), organisation -> organisation.issueKey(
                new Organisation.ApiKey(keyId, ApiKeys.hash(key), clock.instant())));
        return new IssuedKey(keyId, key);
    }
}
