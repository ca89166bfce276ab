package fr.maillage.registry.usecase;

import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Revokes an API key; revoking it again changes nothing. Every service drops the key when the
 * organisation's new state reaches it on the state topic.
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
        changes.apply(command.organisationId(), organisation -> organisation.revokeKey(command.keyId(), clock.instant()));
    }
}
