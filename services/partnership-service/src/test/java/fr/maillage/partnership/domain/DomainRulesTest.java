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
    void anAgreementRunsToTheDayBeforeTheSameDateOrToTheEndOfAShorterMonth() {
        assertThat(new Agreement("app-1", LocalDate.parse("2027-01-15"), 1, 0).lastDay()).isEqualTo("2027-02-14");
        assertThat(new Agreement("app-1", LocalDate.parse("2027-03-01"), 1, 0).lastDay()).isEqualTo("2027-03-31");
        assertThat(new Agreement("app-1", LocalDate.parse("2027-01-28"), 1, 0).lastDay()).isEqualTo("2027-02-27");
        assertThat(new Agreement("app-1", LocalDate.parse("2027-01-29"), 1, 0).lastDay()).isEqualTo("2027-02-28");
        assertThat(new Agreement("app-1", LocalDate.parse("2027-01-31"), 1, 0).lastDay()).isEqualTo("2027-02-28");
        assertThat(new Agreement("app-1", LocalDate.parse("2027-03-31"), 1, 0).lastDay()).isEqualTo("2027-04-30");
        assertThat(new Agreement("app-1", LocalDate.parse("2028-02-29"), 12, 0).lastDay()).isEqualTo("2029-02-28");
        assertThat(new Agreement("app-1", LocalDate.parse("2028-01-31"), 1, 0).lastDay()).isEqualTo("2028-02-29");
    }

    @Test
    void anOfferLeavesRoomForAnAgreementOfOneMonth() {
        Instant t = Instant.parse("2027-01-02T10:00:00Z");
        LocalDate february = LocalDate.parse("2027-02-01");

        assertThatThrownBy(() -> Premises.offer("pr-1", "org-nantes", offer(Terms.FREE, 0, february,
                LocalDate.parse("2027-02-27")), t)).isInstanceOfSatisfying(DomainViolation.class, violation -> {
                    assertThat(violation.field()).isEqualTo("availableUntil");
                    assertThat(violation.getMessage()).contains("2027-02-28 or later");
                });
        Premises offered = Premises.offer("pr-1", "org-nantes", offer(Terms.FREE, 0, february,
                LocalDate.parse("2027-02-28")), t).premises();
        Premises reserved = offered.apply("app-1", "org-a", "Un fablab", t).premises().reserve("app-1", t).premises();
        assertThat(reserved.signAgreement(new Agreement("app-1", february, 1, 0), t))
                .as("the shortest window offered holds the shortest agreement").isInstanceOf(Outcome.Changed.class);
    }

    @Test
    void anAgreementFromTheEndOfAMonthMayNotRunPastTheOffer() {
        Instant t = Instant.parse("2027-01-02T10:00:00Z");
        Premises offered = Premises.offer("pr-1", "org-nantes", offer(Terms.FREE, 0, FROM, LocalDate.parse("2027-02-27")), t)
                .premises();
        Premises reserved = offered.apply("app-1", "org-a", "Un fablab", t).premises().reserve("app-1", t).premises();
        assertThat(reserved.signAgreement(new Agreement("app-1", LocalDate.parse("2027-01-31"), 1, 0), t))
                .as("from 31 January, one month runs to 28 February")
                .isInstanceOfSatisfying(Outcome.Refused.class, refused -> assertThat(refused.detail()).contains("2027-02-28"));
        assertThat(reserved.signAgreement(new Agreement("app-1", LocalDate.parse("2027-01-28"), 1, 0), t))
                .isInstanceOf(Outcome.Changed.class);
    }

    @Test
    void anOfferTakesApplicationsUntilItsLastDayInFrance() {
        Premises premises = Premises.offer("pr-1", "org-nantes", offer(Terms.FREE, 0, FROM, LocalDate.parse("2027-06-30")),
                Instant.parse("2027-01-01T00:00:00Z")).premises();

        // 21:59 UTC is 23:59 in Paris (summer time): still the last day; 22:00 UTC is already 1 July there
        Outcome inTime = premises.apply("app-1", "org-a", "Un fablab", Instant.parse("2027-06-30T21:59:00Z"));
        assertThat(inTime).isInstanceOf(Outcome.Changed.class);
        Outcome late = premises.apply("app-2", "org-b", "Un fablab", Instant.parse("2027-06-30T22:00:00Z"));
        assertThat(late).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(Outcome.Reason.OFFER_ENDED);
            assertThat(refused.detail()).contains("ended on 2027-06-30");
        });

        Instant after = Instant.parse("2027-07-15T10:00:00Z");
        Premises applied = inTime.premises();
        assertThat(applied.apply("app-1", "org-a", "Un fablab", after)).as("the retry of an application made in time")
                .isInstanceOf(Outcome.Unchanged.class);
        assertThat(applied.reserve("app-1", after)).as("an application made in time may still be chosen")
                .isInstanceOf(Outcome.Changed.class);
        Premises open = Premises.offer("pr-2", "org-nantes", offer(Terms.FREE, 0, FROM, null), Instant.EPOCH).premises();
        assertThat(open.apply("app-1", "org-a", "Un fablab", Instant.parse("2099-01-01T00:00:00Z")))
                .as("no last day").isInstanceOf(Outcome.Changed.class);
    }

    @Test
    void premisesTakeAtMostTheirLimitOfApplicationsAndARetryOfOneTakenStaysUnchanged() {
        Instant now = Instant.parse("2027-01-02T10:00:00Z");
        Premises premises = Premises.offer("pr-1", "org-nantes", offer(Terms.FREE, 0, FROM, null), now).premises();
        for (int i = 0; i < Premises.MAX_APPLICATIONS; i++) {
            premises = ((Outcome.Changed) premises.apply("app-" + i, "org-" + i, "Un fablab", now)).premises();
        }

        assertThat(premises.apply("app-extra", "org-extra", "Un fablab", now))
                .isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(Outcome.Reason.TOO_MANY_APPLICATIONS);
                    assertThat(refused.detail()).contains(Integer.toString(Premises.MAX_APPLICATIONS));
                });
        assertThat(premises.apply("app-0", "org-0", "Un fablab", now)).isInstanceOf(Outcome.Unchanged.class);
    }

    @Test
    void premisesAreNotOfferedOnceTheLastDayOfTheirOfferIsPastInFrance() {
        Offer offer = offer(Terms.FREE, 0, FROM, LocalDate.parse("2027-06-30"));

        // the day applications end (see above): 23:59 in Paris on its last day is still in time
        assertThat(Premises.offer("pr-1", "org-nantes", offer, Instant.parse("2027-06-30T21:59:00Z")).premises().offer())
                .isEqualTo(offer);
        assertThatThrownBy(() -> Premises.offer("pr-2", "org-nantes", offer, Instant.parse("2027-06-30T22:00:00Z")))
                .isInstanceOfSatisfying(DomainViolation.class, violation -> {
                    assertThat(violation.field()).isEqualTo("availableUntil");
                    assertThat(violation.getMessage()).isEqualTo("must not be before today (2027-07-01)");
                });
        assertThat(Premises.offer("pr-3", "org-nantes", offer(Terms.FREE, 0, FROM, null), Instant.parse("2099-01-01T00:00:00Z"))
                .premises().status()).as("no last day").isEqualTo(PremisesStatus.OFFERED);
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

    @Test
    void aFundsTimeNeverGoesBackWhenOperationsStampedEarlierLandLater() {
        Instant opened = Instant.parse("2026-03-01T10:00:00Z");
        Fund fund = Fund.open(new FundDefinition("investment", FundKind.INVESTMENT, null, "Fonds", 100), opened);
        Fund later = fund.after(new FundOperation.Committed("e-1",
                Commitment.of("c-1", 10, "p", "tl-1", null, opened.plusSeconds(5))));
        Fund stampedEarlier = later.after(new FundOperation.Committed("e-2",
                Commitment.of("c-2", 10, "p", "tl-1", null, opened.plusSeconds(2))));
        assertThat(later.updatedAt()).isEqualTo(opened.plusSeconds(5));
        assertThat(stampedEarlier.updatedAt()).isEqualTo(opened.plusSeconds(5));
        assertThat(stampedEarlier.after(new FundOperation.Cancelled("e-3", "c-2", 10, opened.plusSeconds(9))).updatedAt())
                .isEqualTo(opened.plusSeconds(9));
    }

    private static Offer offer(Terms terms, long rent, LocalDate from, LocalDate until) {
        return new Offer(NANTES, "2 place du Commerce", 180, PremisesKind.FORMER_SHOP, terms, rent, from, until, null);
    }

    private static void assertViolation(Runnable build, String field) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(DomainViolation.class,
                violation -> assertThat(violation.field()).isEqualTo(field));
    }
}
