package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Premises;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Clock;

/** The offering authority reserves the premises for one application; the other applications are declined. */
@Service
public class ReservePremises {

    private final PremisesUpdates updates;
    private final Clock clock;

    ReservePremises(PremisesUpdates updates, Clock clock) {
        this.updates = updates;
        this.clock = clock;
    }

    /** {@code expectedVersion}: from If-Match, or null. */
    public record Command(String premisesId, String applicationId, Long expectedVersion) {
    }

    public Premises reserve(Caller caller, Command command) {
        return updates.update(command.premisesId(), command.expectedVersion(), PremisesUpdates.offeringAuthority(caller),
                premises -> premises.reserve(command.applicationId(), clock.instant())).premises();
    }
}
