package fr.maillage.registry.usecase;

import fr.maillage.security.ApiException;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Revokes an API key; revoking it again changes nothing, and a key the organisation never had is not
 * found (a revocation sent to the wrong organisation must not look done). Every service drops the key
 * when the organisation's new state reaches it on the state topic. (Keys revoked before revoked ids
 * were kept are no longer known: revoking one of them again answers 404, and changes nothing either.)
 */
@Service
public class RevokeApiKey {

    private final OrganisationChanges changes;
    private final Clock clock;

    RevokeApiKey(OrganisationChanges changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    public record Command(String organisationId, String keyId) {
    }

    public void revoke(Command command) {
        changes.apply(command.organisationId(), organisation -> {
            if (!organisation.issuedKey(command.keyId())) {
                throw ApiException.notFound("API key of organisation " + command.organisationId(), command.keyId());
            }
            return organisation.revokeKey(command.keyId(), clock.instant());
        });
    }
}
