package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.store.FundStore;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Optional;

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

    /** {@code cancelledNow}: false when it was already cancelled. */
    public record Result(Fund fund, boolean cancelledNow) {
    }

    public Result cancel(Caller caller, Command command) {
        caller.requireAny(Role.NATIONAL);
        Fund fund = funds.find(command.fundId()).orElseThrow(() -> ApiException.notFound("fund", command.fundId()));
        Commitment commitment = funds.commitment(fund.id(), command.commitmentId())
                .orElseThrow(() -> ApiException.notFound("commitment in fund " + fund.id(), command.commitmentId()));
        if (commitment.cancelled()) {
            return new Result(fund, false);
        }
        Optional<Fund> after = funds.cancel(fund.id(), commitment, clock.instant());
        return after.map(released -> new Result(released, true))
                .orElseGet(() -> new Result(funds.find(fund.id()).orElseThrow(), false));
    }
}
