package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Premises;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Clock;

/** The offering authority takes its premises back before an agreement is signed. */
@Service
public class WithdrawPremises {

    private final PremisesUpdates updates;
    private final Clock clock;

    WithdrawPremises(PremisesUpdates updates, Clock clock) {
        this.updates = updates;
        this.clock = clock;
    }

    public record Command(String premisesId, Long expectedVersion) {
    }

    public Premises withdraw(Caller caller, Command command) {
        return updates.update(command.premisesId(), command.expectedVersion(), PremisesUpdates.offeringAuthority(caller),
                premises -> premises.withdraw(clock.instant())).premises();
    }
}
