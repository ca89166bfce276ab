package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Agreement;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;

/** The offering authority signs the occupancy agreement with the reserved application. */
@Service
public class SignOccupancyAgreement {

    private final PremisesUpdates updates;
    private final Clock clock;

    SignOccupancyAgreement(PremisesUpdates updates, Clock clock) {
        this.updates = updates;
        this.clock = clock;
    }

    public record Command(String premisesId, String applicationId, LocalDate startsOn, int months,
                          long monthlyRentEur, Long expectedVersion) {
    }

    public Premises sign(Caller caller, Command command) {
        Agreement agreement = new Agreement(command.applicationId(), command.startsOn(), command.months(),
                command.monthlyRentEur());
        return updates.update(command.premisesId(), command.expectedVersion(), PremisesUpdates.offeringAuthority(caller),
                premises -> premises.signAgreement(agreement, clock.instant())).premises();
    }
}
