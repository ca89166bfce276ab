package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Outcome;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesApplication;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

import java.time.Clock;

/** Any organisation applies for premises with a project; the same application again changes nothing. */
@Service
public class ApplyForPremises {

    private final PremisesUpdates updates;
    private final Clock clock;

    ApplyForPremises(PremisesUpdates updates, Clock clock) {
        this.updates = updates;
        this.clock = clock;
    }

    public record Command(String premisesId, String applicationId, String project) {
    }

    public record Result(Premises premises, PremisesApplication application, boolean created) {
    }

    public Result apply(Caller caller, Command command) {
        // any organisation that acts (api.md); an analyst's key only reads (quality.md)
        caller.requireAny(Role.FABRIQUE, Role.THIRD_PLACE, Role.LOCAL_AUTHORITY, Role.NATIONAL);
        Outcome outcome = updates.update(command.premisesId(), null, premises -> {
            if (premises.offeredBy().equals(caller.organisationId())) {
                throw ApiException.forbidden("An authority does not apply for premises it offers itself.");
            }
        }, premises -> premises.apply(command.applicationId(), caller.organisationId(),
                command.project() == null ? null : command.project().strip(),
                clock.instant()));
        PremisesApplication application = outcome.premises().application(command.applicationId()).orElseThrow();
        return new Result(outcome.premises(), application, outcome instanceof Outcome.Changed);
    }
}
