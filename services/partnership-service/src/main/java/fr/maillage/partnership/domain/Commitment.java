package fr.maillage.partnership.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A grant or investment committed from a fund to one beneficiary, a tiers-lieu or an organisation.
 * Its amount never changes; cancelling it releases the amount to the fund.
 */
public record Commitment(String commitmentId, long amountEur, String purpose, String thirdPlaceId,
                         String organisationId, Instant committedAt, boolean cancelled, Instant cancelledAt) {

    public static final int MAX_PURPOSE_LENGTH = 500;

    public Commitment {
        Objects.requireNonNull(commitmentId, "commitmentId");
        Objects.requireNonNull(committedAt, "committedAt");
        if (amountEur < 1) {
            throw new DomainViolation("amountEur", "must be a positive whole number of euros");
        }
        if (purpose == null || purpose.isBlank()) {
            throw new DomainViolation("purpose", "must say what the amount is for");
        }
        if (purpose.length() > MAX_PURPOSE_LENGTH) {
            throw new DomainViolation("purpose", "must be at most " + MAX_PURPOSE_LENGTH + " characters");
        }
        if ((thirdPlaceId == null) == (organisationId == null)) {
            throw new DomainViolation(thirdPlaceId == null ? "thirdPlaceId" : "organisationId",
                    "give exactly one beneficiary: thirdPlaceId or organisationId");
        }
    }

    public static Commitment of(String commitmentId, long amountEur, String purpose, String thirdPlaceId,
                                String organisationId, Instant now) {
        return new Commitment(commitmentId, amountEur, purpose, thirdPlaceId, organisationId, now, false, null);
    }

    /** Whether a retry asks for the same thing (then it is answered with the first result). */
    public boolean sameRequestAs(Commitment other) {
        return amountEur == other.amountEur && purpose.equals(other.purpose)
                && Objects.equals(thirdPlaceId, other.thirdPlaceId)
                && Objects.equals(organisationId, other.organisationId);
    }
}
