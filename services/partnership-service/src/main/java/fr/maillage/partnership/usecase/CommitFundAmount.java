package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Commitment;
import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.store.FundStore;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.RegistryReplica;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The national structure commits an amount of a fund envelope to a tiers-lieu or an organisation.
 * Never past the budget, however many commitments arrive at once (the store's guarded update);
 * idempotent by commitment id.
 */
@Service
public class CommitFundAmount {

    /** A refusal for budget can be outdated by a cancellation in between: decide again a few times. */
    private static final int ATTEMPTS = 3;

    private final FundStore funds;
    private final RegistryReplica registry;
    private final Clock clock;

    CommitFundAmount(FundStore funds, RegistryReplica registry, Clock clock) {
        this.funds = funds;
        this.registry = registry;
        this.clock = clock;
    }

    public record Command(String fundId, String commitmentId, long amountEur, String purpose, String thirdPlaceId,
                          String organisationId) {
    }

    public sealed interface Result permits Committed, Refused {
        Fund fund();

        Commitment commitment();
    }

    /** {@code created}: false when this answers a retry of a commitment already made. */
    public record Committed(Fund fund, Commitment commitment, boolean created) implements Result {
    }

    /** The amount does not fit in what is left of the envelope. */
    public record Refused(Fund fund, Commitment commitment) implements Result {
    }

    public Result commit(Caller caller, Command command) {
        caller.requireAny(Role.NATIONAL);
        Fund fund = funds.find(command.fundId()).orElseThrow(() -> ApiException.notFound("fund", command.fundId()));
        Commitment wanted = Commitment.of(command.commitmentId(), command.amountEur(),
                command.purpose() == null ? null : command.purpose().strip(), command.thirdPlaceId(),
                command.organisationId(), clock.instant());
        // a retry answers as the commitment made, whatever this instance's copy of the registry knows by now
        Optional<Commitment> made = funds.commitment(fund.id(), wanted.commitmentId());
        if (made.isPresent()) {
            return new Committed(funds.find(fund.id()).orElseThrow(), sameOrConflict(made.get(), wanted), false);
        }
        requireKnownBeneficiary(wanted);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Fund> after = funds.commit(fund.id(), wanted);
            if (after.isPresent()) {
                return new Committed(after.get(), wanted, true);
            }
            Optional<Commitment> existing = funds.commitment(fund.id(), wanted.commitmentId());
            if (existing.isPresent()) {
                return new Committed(funds.find(fund.id()).orElseThrow(), sameOrConflict(existing.get(), wanted), false);
            }
            if (funds.holdsMaxCommitments(fund.id())) {
                throw ApiException.conflict("The fund " + fund.id() + " holds its limit of " + Fund.MAX_COMMITMENTS
                        + " commitments (cancelled ones included); nothing was committed. Commit from another "
                        + "envelope: the national structure configures one in maillage.partnership.funds.",
                        Map.of("maxCommitments", Fund.MAX_COMMITMENTS));
            }
            fund = funds.find(fund.id()).orElseThrow();
            if (fund.availableEur() < wanted.amountEur()) {
                return new Refused(fund, wanted);
            }
        }
        // it fits in what was read last, but other writes kept changing the envelope: a 409 would be final
        throw ApiException.unavailable("The fund " + fund.id() + " changed under other commitments or cancellations "
                + ATTEMPTS + " times in a row; nothing was committed. Send the same request again.", Duration.ofSeconds(1));
    }

    private static Commitment sameOrConflict(Commitment existing, Commitment wanted) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("commitmentId", existing.commitmentId());
        properties.put("amountEur", existing.amountEur());
        if (existing.cancelled()) {
            properties.put("cancelledAt", existing.cancelledAt().toString());
            throw ApiException.conflict("Commitment " + existing.commitmentId() + " was cancelled on "
                    + DateTimeFormatter.ISO_INSTANT.format(existing.cancelledAt())
                    + "; a new commitment needs a new commitmentId.", properties);
        }
        if (!existing.sameRequestAs(wanted)) {
            throw ApiException.conflict("Commitment " + existing.commitmentId() + " already exists with other details ("
                    + existing.amountEur() + " € for '" + existing.purpose()
                    + "'); a different commitment needs a different commitmentId.", properties);
        }
        return existing;
    }

    private void requireKnownBeneficiary(Commitment commitment) {
        if (commitment.thirdPlaceId() != null && registry.thirdPlace(commitment.thirdPlaceId()).isEmpty()) {
            throw ApiException.invalidField("thirdPlaceId", "no tiers-lieu " + commitment.thirdPlaceId()
                    + " in the registry (a place registered seconds ago may take a moment to arrive)");
        }
        if (commitment.organisationId() != null && registry.organisation(commitment.organisationId()).isEmpty()) {
            throw ApiException.invalidField("organisationId", "no organisation " + commitment.organisationId()
                    + " in the registry (an organisation registered seconds ago may take a moment to arrive)");
        }
    }
}
