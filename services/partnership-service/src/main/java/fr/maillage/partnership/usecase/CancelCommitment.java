package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.store.FundStore;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

import java.time.Clock;

/** The national structure cancels a commitment and its amount returns to the fund; cancelling twice is harmless. */
@Service
public class CancelCommitment {

    private final FundStore funds;
    private final Clock clock;

    CancelCommitment(FundStore funds, Clock clock) {
        this.funds = funds;
        this.clock = clock;
    }

    public record Command(String fundId, String commitmentId) {
    }

    /** Releases the commitment's amount; one already cancelled (by this request's retry or another) changes nothing. */
    public void cancel(Caller caller, Command command) {
        caller.requireAny(Role.NATIONAL);
        Fund fund = funds.find(command.fundId()).orElseThrow(() -> ApiException.notFound("fund", command.fundId()));
        Commitment commitment = funds.commitment(fund.id(), command.commitmentId())
                .orElseThrow(() -> ApiException.notFound("commitment in fund " + fund.id(), command.commitmentId()));
        if (!commitment.cancelled()) {
            funds.cancel(fund.id(), commitment, clock.instant()); // empty when another request cancelled it first
        }
    }
}
