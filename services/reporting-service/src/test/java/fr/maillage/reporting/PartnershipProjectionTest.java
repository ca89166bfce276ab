package fr.maillage.reporting;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.partnership.FundCommitmentCancelled;
import fr.maillage.events.partnership.FundCommitmentMade;
import fr.maillage.events.partnership.FundOpened;
import fr.maillage.events.partnership.FundReconfigured;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.OccupancyAgreementSigned;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.partnership.PremisesApplicationDeclined;
import fr.maillage.events.partnership.PremisesApplicationReceived;
import fr.maillage.events.partnership.PremisesOffered;
import fr.maillage.events.partnership.PremisesReserved;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.events.partnership.PremisesWithdrawn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** Premises and funds from the partnership's events: the latest version of each wins. */
class PartnershipProjectionTest extends ReportingIntegrationTest {

    @Test
    void premisesAreSummarisedFromTheirLatestStateByStatusRegionAndTerms() throws Exception {
        JsonNode before = getJson("/api/v1/premises-summary", null);
        String signed = unique("premises");
        String withdrawn = unique("premises");
        String offered = unique("premises");

        CloudEvent firstOffer = send(PartnershipEvents.PREMISES_OFFERED, signed,
                new PremisesOffered(signed, 1, Instant.now(), premises(signed, 1, "OFFERED", "FREE")));
        send(PartnershipEvents.PREMISES_APPLICATION_RECEIVED, signed, new PremisesApplicationReceived(signed, 2,
                Instant.now(), "app-1", "org-1", premises(signed, 2, "APPLIED", "FREE")));
        CloudEvent reserved = send(PartnershipEvents.PREMISES_RESERVED, signed,
                new PremisesReserved(signed, 3, Instant.now(), "app-1", premises(signed, 3, "RESERVED", "FREE")));
        send(PartnershipEvents.OCCUPANCY_AGREEMENT_SIGNED, signed, new OccupancyAgreementSigned(signed, 4, Instant.now(),
                "app-1", LocalDate.of(2027, 1, 1), 24, 0, premises(signed, 4, "AGREEMENT_SIGNED", "FREE")));
        ReportingIntegrationTest.send(PartnershipTopics.EVENTS, signed, reserved); // republished, older
        ReportingIntegrationTest.send(PartnershipTopics.EVENTS, signed, firstOffer); // redelivered, older
        send(PartnershipEvents.PREMISES_OFFERED, withdrawn,
                new PremisesOffered(withdrawn, 1, Instant.now(), premises(withdrawn, 1, "OFFERED", "MARKET_RENT")));
        send(PartnershipEvents.PREMISES_WITHDRAWN, withdrawn,
                new PremisesWithdrawn(withdrawn, 2, Instant.now(), premises(withdrawn, 2, "WITHDRAWN", "MARKET_RENT")));
        CloudEvent offer = send(PartnershipEvents.PREMISES_OFFERED, offered,
                new PremisesOffered(offered, 1, Instant.now(), premises(offered, 1, "OFFERED", "MODERATE_RENT")));
        send(PartnershipEvents.PREMISES_APPLICATION_RECEIVED, offered, new PremisesApplicationReceived(offered, 2,
                Instant.now(), "app-2", "org-2", premises(offered, 2, "APPLIED", "MODERATE_RENT")));
        send(PartnershipEvents.PREMISES_APPLICATION_DECLINED, offered, new PremisesApplicationDeclined(offered, 3,
                Instant.now(), "app-2", premises(offered, 3, "OFFERED", "MODERATE_RENT")));
        ReportingIntegrationTest.send(PartnershipTopics.EVENTS, offered, offer);

        awaitCaughtUp();
        JsonNode summary = getJson("/api/v1/premises-summary", null);
        assertThat(summary.path("byRegion").path("03").toString())
                .isEqualTo("{\"AGREEMENT_SIGNED\":1,\"OFFERED\":1,\"WITHDRAWN\":1}");
        assertThat(summary.path("total").asLong()).isEqualTo(before.path("total").asLong() + 3);
        assertThat(summary.path("byTerms").path("FREE").asLong())
                .isEqualTo(before.path("byTerms").path("FREE").asLong() + 1);
        assertThat(summary.path("byStatus").path("OFFERED").asLong())
                .isEqualTo(before.path("byStatus").path("OFFERED").asLong() + 1);
        assertThat(summary.path("onOffer").asLong()).as("the offered one; not the signed or withdrawn ones")
                .isEqualTo(before.path("onOffer").asLong() + 1);
    }

    @Test
    void fundsShowTheirLatestCommittedAmountAgainstTheirBudget() throws Exception {
        String endowment = unique("fund-endowment");
        String investment = unique("fund-investment");
        JsonNode before = getJson("/api/v1/funds-summary", null);

        send(PartnershipEvents.FUND_OPENED, endowment,
                new FundOpened(endowment, 1, Instant.now(), fund(endowment, 1, "ENDOWMENT", 2031, 0)));
        CloudEvent commitment = send(PartnershipEvents.FUND_COMMITMENT_MADE, endowment, new FundCommitmentMade(endowment,
                2, Instant.now(), "c-1", 150_000, "tl-1", null, fund(endowment, 2, "ENDOWMENT", 2031, 150_000)));
        send(PartnershipEvents.FUND_COMMITMENT_MADE, endowment, new FundCommitmentMade(endowment, 3, Instant.now(), "c-2",
                50_000, "tl-2", null, fund(endowment, 3, "ENDOWMENT", 2031, 200_000)));
        send(PartnershipEvents.FUND_COMMITMENT_CANCELLED, endowment, new FundCommitmentCancelled(endowment, 4,
                Instant.now(), "c-1", 150_000, fund(endowment, 4, "ENDOWMENT", 2031, 50_000)));
        ReportingIntegrationTest.send(PartnershipTopics.EVENTS, endowment, commitment); // republished, older
        send(PartnershipEvents.FUND_OPENED, investment,
                new FundOpened(investment, 1, Instant.now(), fund(investment, 1, "INVESTMENT", null, 0)));

        awaitCaughtUp();
        JsonNode summary = getJson("/api/v1/funds-summary", null);
        JsonNode fund = fundNode(summary, endowment);
        assertThat(fund.path("kind").asString()).isEqualTo("ENDOWMENT");
        assertThat(fund.path("year").asInt()).isEqualTo(2031);
        assertThat(fund.path("budgetEur").asLong()).isEqualTo(20_000_000);
        assertThat(fund.path("availableEur").asLong()).isEqualTo(19_950_000);
        assertThat(fund.path("name").asString()).isEqualTo("Fonds " + endowment);
        assertThat(summary.path("totalBudgetEur").asLong())
                .isEqualTo(before.path("totalBudgetEur").asLong() + 40_000_000);
        assertThat(summary.path("totalCommittedEur").asLong())
                .isEqualTo(before.path("totalCommittedEur").asLong() + 50_000);
    }

    @Test
    void aFundReconfiguredKeepsItsCommitmentsAgainstItsNewBudget() throws Exception {
        String fund = unique("fund-reconfigured");
        send(PartnershipEvents.FUND_OPENED, fund, new FundOpened(fund, 1, Instant.now(), fund(fund, 1, "INVESTMENT", null, 0)));
        send(PartnershipEvents.FUND_COMMITMENT_MADE, fund, new FundCommitmentMade(fund, 2, Instant.now(), "c-1", 300_000,
                "tl-1", null, fund(fund, 2, "INVESTMENT", null, 300_000)));
        FundState smaller = new FundState(fund, 3, "INVESTMENT", null, "Fonds réduit", 5_000_000, 300_000, Instant.now());
        send(PartnershipEvents.FUND_RECONFIGURED, fund, new FundReconfigured(fund, 3, Instant.now(), 20_000_000, smaller));

        awaitCaughtUp();
        JsonNode node = fundNode(getJson("/api/v1/funds-summary", null), fund);
        assertThat(node.path("budgetEur").asLong()).isEqualTo(5_000_000);
        assertThat(node.path("availableEur").asLong()).isEqualTo(4_700_000);
        assertThat(node.path("name").asString()).isEqualTo("Fonds réduit");
    }

    private static <T> CloudEvent send(fr.maillage.events.EventType<T> type, String key, T payload) {
        CloudEvent event = cloudEvent(type, key, payload);
        ReportingIntegrationTest.send(PartnershipTopics.EVENTS, key, event);
        return event;
    }

    private static PremisesState premises(String id, long version, String status, String terms) {
        return new PremisesState(id, version, "org-cayenne", "97302", "Cayenne", "973", "03", "1 place de la Mairie", 180,
                "FORMER_SHOP", terms, "FREE".equals(terms) ? 0L : 400L, LocalDate.of(2027, 1, 1), null, status,
                version > 1 ? 1 : 0, "RESERVED".equals(status) ? "app-1" : null, Instant.now());
    }

    private static FundState fund(String id, long version, String kind, Integer year, long committed) {
        return new FundState(id, version, kind, year, "Fonds " + id, 20_000_000, committed, Instant.now());
    }

    private static JsonNode fundNode(JsonNode summary, String fundId) {
        for (JsonNode fund : summary.path("funds")) {
            if (fund.path("fundId").asString().equals(fundId)) {
                return fund;
            }
        }
        return null;
    }
}
