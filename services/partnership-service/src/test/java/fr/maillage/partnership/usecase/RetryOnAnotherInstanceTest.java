package fr.maillage.partnership.usecase;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import fr.maillage.partnership.PartnershipIntegrationTest;
import fr.maillage.partnership.domain.PremisesKind;
import fr.maillage.partnership.domain.Terms;
import fr.maillage.partnership.store.FundStore;
import fr.maillage.security.Caller;
import fr.maillage.security.RegistryReplica;
import fr.maillage.security.Role;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retry answers as the write made, not with the checks a new write would fail by now: on another
 * instance, whose copy of the registry is behind, or after the registry changed.
 */
class RetryOnAnotherInstanceTest extends PartnershipIntegrationTest {

    @Autowired
    FundStore funds;
    @Autowired
    CommitFundAmount commitHere;
    @Autowired
    OfferPremises offer;
    @Autowired
    Clock clock;

    @Test
    void aCommitmentRetriedWhereTheBeneficiaryIsNotKnownYetAnswersAsMade() {
        Caller national = new Caller("org-national", "key-national", Set.of(Role.NATIONAL), null, null);
        var command = new CommitFundAmount.Command("test-ledger", "retry-" + UUID.randomUUID(), 1_000,
                "Aménagement de l'atelier", "tl-solilab", null);
        assertThat(commitHere.commit(national, command)).isInstanceOfSatisfying(CommitFundAmount.Committed.class,
                committed -> assertThat(committed.created()).isTrue());

        try (MongoClient client = MongoClients.create(TestStack.mongoUri())) {
            RegistryReplica nothingYet = new RegistryReplica(client.getDatabase("replica-behind-" + UUID.randomUUID()));
            var retried = new CommitFundAmount(funds, nothingYet, clock).commit(national, command);

            assertThat(retried).isInstanceOfSatisfying(CommitFundAmount.Committed.class,
                    committed -> assertThat(committed.created()).isFalse());
        }
    }

    @Test
    void anOfferRetriedAfterTheAuthoritysTerritoryChangedAnswersAsMade() {
        Caller nantes = new Caller("org-ville-de-nantes", "key-nantes", Set.of(Role.LOCAL_AUTHORITY), "COMMUNE", "44109");
        var command = new OfferPremises.Command("pr-" + UUID.randomUUID(), false, "44109", "2 rue de la Paix", 80,
                PremisesKind.OFFICE, Terms.FREE, 0L, LocalDate.now().plusDays(10), null, null);
        assertThat(offer.offer(nantes, command).created()).isTrue();

        Caller movedOn = new Caller(nantes.organisationId(), nantes.keyId(), nantes.roles(), "COMMUNE", "75056");
        assertThat(offer.offer(movedOn, command).created()).isFalse();
    }
}
