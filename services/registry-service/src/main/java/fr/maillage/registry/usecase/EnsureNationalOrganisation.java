package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.security.ApiException;
import fr.maillage.security.ApiKeys;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Set;

/**
 * Makes sure the national organisation exists and accepts the bootstrap key written by the
 * launcher, so a fresh stack can be administered at once.
 */
@Service
class EnsureNationalOrganisation {

    static final String BOOTSTRAP_KEY_ID = "bootstrap";

    private final RegisterOrganisation register;
    private final OrganisationChanges changes;
    private final Clock clock;

    EnsureNationalOrganisation(RegisterOrganisation register, OrganisationChanges changes, Clock clock) {
        this.register = register;
        this.changes = changes;
        this.clock = clock;
    }

    record Command(String organisationId, String bootstrapKey) {
    }

    /** Whether the organisation accepts the key: not when that key was revoked through the API. */
    boolean ensure(Command command) {
        register.register(new RegisterOrganisation.Command(command.organisationId(), "Structure nationale",
                OrganisationKind.STATE, null, null, Set.of("NATIONAL"), null));
        Organisation.ApiKey key = new Organisation.ApiKey(BOOTSTRAP_KEY_ID, ApiKeys.hash(command.bootstrapKey()),
                clock.instant());
        try {
            changes.apply(command.organisationId(), organisation -> organisation.replaceKey(key));
            return true;
        } catch (ApiException e) {
            if (e.status() == HttpStatus.CONFLICT) {
                return false;
            }
            throw e;
        }
    }
}
