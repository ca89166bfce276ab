package fr.maillage.partnership.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainRulesTest {

    static final CommuneRef NANTES = new CommuneRef("44109", "Nantes", "44", "52");
    static final LocalDate FROM = LocalDate.parse("2027-01-01");

    @Test
    void rentedTermsNeedARentAndFreeTermsHaveNone() {
        assertViolation(() -> offer(Terms.MARKET_RENT, 0, FROM, null), "monthlyRentEur");
        assertViolation(() -> offer(Terms.MODERATE_RENT, 10_000_001, FROM, null), "monthlyRentEur");
        assertViolation(() -> offer(Terms.FREE, 300, FROM, null), "monthlyRentEur");
        assertThat(offer(Terms.FREE, 0, FROM, null).monthlyRentEur()).isZero();
        assertThat(offer(Terms.MODERATE_RENT, 450, FROM, null).monthlyRentEur()).isEqualTo(450);
    }

    @Test
    void theAvailabilityWindowEndsAfterItStartsWithinThisCentury() {
        assertViolation(() -> offer(Terms.FREE, 0, FROM, FROM), "availableUntil");
        assertViolation(() -> offer(Terms.FREE, 0, FROM, FROM.minusDays(1)), "availableUntil");
        assertViolation(() -> offer(Terms.FREE, 0, LocalDate.parse("1999-12-31"), null), "availableFrom");
        assertViolation(() -> offer(Terms.FREE, 0, FROM, LocalDate.parse("2101-01-01")), "availableUntil");
        assertViolation(() -> new Agreement("app-1", LocalDate.parse("2101-01-01"), 12, 0), "startsOn");
        assertViolation(() -> new Agreement("app-1", FROM, 0, 0), "months");
        assertViolation(() -> new Agreement("app-1", FROM, 601, 0), "months");
    }

    @Test
    void aCommitmentHasAPositiveAmountAPurposeAndExactlyOneBeneficiary() {
        Instant now = Instant.now();
        assertViolation(() -> Commitment.of("c-1", 0, "Subvention", "tl-1", null, now), "amountEur");
        assertViolation(() -> Commitment.of("c-1", 10, " ", "tl-1", null, now), "purpose");
        assertViolation(() -> Commitment.of("c-1", 10, "Subvention", null, null, now), "thirdPlaceId");
        assertViolation(() -> Commitment.of("c-1", 10, "Subvention", "tl-1", "org-1", now), "organisationId");
        Commitment commitment = Commitment.of("c-1", 10, "Subvention", null, "org-1", now);
        assertThat(commitment.sameRequestAs(Commitment.of("c-1", 10, "Subvention", null, "org-1", now.plusSeconds(5)))).isTrue();
        assertThat(commitment.sameRequestAs(Commitment.of("c-1", 11, "Subvention", null, "org-1", now))).isFalse();
    }

    @Test
    void anEnvelopeNeverHoldsMoreThanItsBudget() {
        Fund fund = Fund.open(new FundDefinition("investment", FundKind.INVESTMENT, null, "Fonds", 100), Instant.now());
        Fund full = fund.after(new FundOperation.Committed("e-1", Commitment.of("c-1", 100, "p", "tl-1", null, Instant.now())));
        assertThat(full.availableEur()).isZero();
        assertThat(full.version()).isEqualTo(2);
        assertThatThrownBy(() -> full.after(new FundOperation.Committed("e-2",
                Commitment.of("c-2", 1, "p", "tl-1", null, Instant.now())))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new FundDefinition("endowment", FundKind.ENDOWMENT, null, "Fonds", 100))
                .hasMessageContaining("year");
        assertThatThrownBy(() -> new FundDefinition("Bad Id", FundKind.INVESTMENT, null, "Fonds", 100))
                .hasMessageContaining("id");
    }

    private static Offer offer(Terms terms, long rent, LocalDate from, LocalDate until) {
        return new Offer(NANTES, "2 place du Commerce", 180, PremisesKind.FORMER_SHOP, terms, rent, from, until, null);
    }

    private static void assertViolation(Runnable build, String field) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(DomainViolation.class,
                violation -> assertThat(violation.field()).isEqualTo(field));
    }
}
