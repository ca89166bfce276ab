package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Outcome;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesApplication;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Any organisation applies for premises with a project; the same application again changes nothing.
 * An applicationId the client chooses is its organisation's own: the application's id is derived from
 * (organisation, premises, applicationId), so another organisation's choice of the same applicationId
 * neither collides with it nor reveals it.
 */
@Service
public class ApplyForPremises {

    private final PremisesUpdates updates;
    private final Clock clock;

    ApplyForPremises(PremisesUpdates updates, Clock clock) {
        this.updates = updates;
        this.clock = clock;
    }

    /** {@code applicationId}: the client's own, or null; then {@code idempotencyKey}, or null for a new id. */
    public record Command(String premisesId, String applicationId, String idempotencyKey, String project) {
    }

    public record Result(Premises premises, PremisesApplication application, boolean created) {
    }

    public Result apply(Caller caller, Command command) {
        // any organisation that acts (api.md); an analyst's key only reads (quality.md)
        caller.requireAny(Role.FABRIQUE, Role.THIRD_PLACE, Role.LOCAL_AUTHORITY, Role.NATIONAL);
        String chosen = command.applicationId();
        IdempotencyKeys.requireNotBoth("applicationId", chosen, command.idempotencyKey());
        // decided once: the update may run the command again, and a new random id each time would not do
        String derived = chosen != null ? scopedId(caller, command.premisesId(), chosen)
                : IdempotencyKeys.idFor(caller, "application:" + command.premisesId(), command.idempotencyKey());
        Outcome outcome = updates.update(command.premisesId(), null, premises -> {
            if (premises.offeredBy().equals(caller.organisationId())) {
                throw ApiException.forbidden("An authority does not apply for premises it offers itself.");
            }
        }, premises -> explained(premises.apply(idOn(premises, caller, chosen, derived), caller.organisationId(),
                command.project() == null ? null : command.project().strip(), clock.instant()), command));
        PremisesApplication application = outcome.premises()
                .application(idOn(outcome.premises(), caller, chosen, derived)).orElseThrow();
        return new Result(outcome.premises(), application, outcome instanceof Outcome.Changed);
    }

    /** The id of the application the caller's organisation made with the applicationId it chose. */
    public static String scopedId(Caller caller, String premisesId, String applicationId) {
        return IdempotencyKeys.derivedId(caller, "application-id:" + premisesId, applicationId);
    }

    /**
     * Applications stored before ids were scoped kept the client's id as it was: the organisation
     * that chose it still lands on it; any other gets its own scoped id.
     */
    private static String idOn(Premises premises, Caller caller, String chosen, String derived) {
        boolean ownUnscoped = chosen != null && premises.application(chosen)
                .filter(a -> a.organisationId().equals(caller.organisationId())).isPresent();
        return ownUnscoped ? chosen : derived;
    }

    /**
     * A taken id can only be the organisation's own application with another project: tells the
     * client what it sent (its applicationId, or its Idempotency-Key), never the derived id.
     */
    private static Outcome explained(Outcome outcome, Command command) {
        if (!(outcome instanceof Outcome.Refused refused) || refused.reason() != Outcome.Reason.APPLICATION_ID_TAKEN) {
            return outcome;
        }
        if (command.applicationId() != null) {
            return new Outcome.Refused(refused.premises(), refused.reason(), "applicationId", "Your organisation "
                    + "already applied for these premises with the applicationId " + command.applicationId()
                    + " and another project; a new application needs another applicationId.");
        }
        if (IdempotencyKeys.given(command.idempotencyKey())) {
            return new Outcome.Refused(refused.premises(), refused.reason(), IdempotencyKeys.HEADER, "This "
                    + "Idempotency-Key was already used for a different request (another project); send a new "
                    + "Idempotency-Key with a new request.");
        }
        return refused;
    }
}
