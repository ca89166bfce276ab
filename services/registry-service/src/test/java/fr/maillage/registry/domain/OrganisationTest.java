package fr.maillage.registry.domain;

import fr.maillage.events.EventJson;
import fr.maillage.events.registry.OrganisationApiKeyIssued;
import fr.maillage.events.registry.OrganisationApiKeyRevoked;
import fr.maillage.events.registry.OrganisationEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OrganisationTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:15:00Z");
    static final String HASH = "ab".repeat(32);

    @Test
    void issuingAKeyKeepsItsHashInTheStateAndOnlyItsIdInTheEvent() {
        Organisation organisation = registered();

        Organisation.Change change = ThirdPlaceTest.changed(organisation.issueKey(new Organisation.ApiKey("k-1", HASH, NOW)));

        assertThat(change.organisation().toState().apiKeys()).singleElement()
                .satisfies(key -> assertThat(key.sha256()).isEqualTo(HASH));
        assertThat(change.events()).singleElement().isInstanceOfSatisfying(OrganisationApiKeyIssued.class, event -> {
            assertThat(event.keyId()).isEqualTo("k-1");
            assertThat(event.version()).isEqualTo(2);
        });
        assertThat(new String(EventJson.write(change.events().get(0)), StandardCharsets.UTF_8)).doesNotContain(HASH);
    }

    @Test
    void anOrganisationHoldsAtMostItsLimitOfKeysAndMayIssueAgainOnceOneIsRevoked() {
        Organisation organisation = registered();
        for (int i = 0; i < Organisation.MAX_KEYS; i++) {
            organisation = ThirdPlaceTest.changed(organisation.issueKey(new Organisation.ApiKey("k-" + i, HASH, NOW))).organisation();
        }

        assertThat(organisation.issueKey(new Organisation.ApiKey("one-more", HASH, NOW)))
                .isInstanceOfSatisfying(Outcome.Refused.class, refused -> assertThat(refused.reason())
                        .contains("holds " + Organisation.MAX_KEYS + " keys", "revoke one"));
        Organisation afterRevocation = ThirdPlaceTest.changed(organisation.revokeKey("k-0", NOW)).organisation();
        assertThat(afterRevocation.issueKey(new Organisation.ApiKey("one-more", HASH, NOW))).isInstanceOf(Outcome.Changed.class);
        // the state event of a full organisation stays far below Kafka's 1 MiB a record
        assertThat(EventJson.write(organisation.toState()).length).isLessThan(16 * 1024);
    }

    @Test
    void revokingRemovesTheKeyAndRevokingAgainChangesNothing() {
        Organisation withKey = ThirdPlaceTest.changed(registered().issueKey(new Organisation.ApiKey("k-1", HASH, NOW)))
                .organisation();

        Organisation.Change change = ThirdPlaceTest.changed(withKey.revokeKey("k-1", NOW));

        assertThat(change.organisation().apiKeys()).isEmpty();
        assertThat(change.events()).singleElement().isInstanceOf(OrganisationApiKeyRevoked.class);
        assertThat(change.organisation().revokeKey("k-1", NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(change.organisation().issuedKey("k-1")).as("revoked, still known").isTrue();
        assertThat(change.organisation().issuedKey("k-2")).as("never issued").isFalse();
    }

    @Test
    void aRevokedKeyIsNeverPutBackInPlaceButAnotherKeyUnderItsIdIs() {
        Organisation revoked = ThirdPlaceTest.changed(ThirdPlaceTest.changed(registered()
                .replaceKey(new Organisation.ApiKey("bootstrap", HASH, NOW))).organisation().revokeKey("bootstrap", NOW))
                .organisation();

        assertThat(revoked.replaceKey(new Organisation.ApiKey("bootstrap", HASH, NOW))).isInstanceOf(Outcome.Refused.class);
        Organisation.Change fresh = ThirdPlaceTest.changed(revoked.replaceKey(new Organisation.ApiKey("bootstrap",
                "cd".repeat(32), NOW)));
        assertThat(fresh.organisation().apiKeys()).extracting(Organisation.ApiKey::sha256).containsExactly("cd".repeat(32));
    }

    @Test
    void replacingTheBootstrapKeyRevokesTheOldOneAndIssuesTheNewOneInOneChange() {
        Organisation withKey = ThirdPlaceTest.changed(registered().replaceKey(new Organisation.ApiKey("bootstrap", HASH, NOW)))
                .organisation();

        assertThat(withKey.replaceKey(new Organisation.ApiKey("bootstrap", HASH, NOW.plusSeconds(5))))
                .isInstanceOf(Outcome.Unchanged.class);
        Organisation.Change change = ThirdPlaceTest.changed(withKey.replaceKey(
                new Organisation.ApiKey("bootstrap", "cd".repeat(32), NOW)));
        assertThat(change.organisation().apiKeys()).extracting(Organisation.ApiKey::sha256).containsExactly("cd".repeat(32));
        assertThat(change.events()).hasExactlyElementsOfTypes(OrganisationApiKeyRevoked.class, OrganisationApiKeyIssued.class);
        assertThat(change.events()).extracting(OrganisationEvent::version)
                .as("a version each, following the stored one").containsExactly(withKey.version() + 1, withKey.version() + 2);
        assertThat(change.organisation().version()).isEqualTo(withKey.version() + 2);
    }

    private static Organisation registered() {
        return Organisation.register("org-1", "SCIC Exemple", OrganisationKind.COOPERATIVE, "44306184100047", null,
                Set.of("THIRD_PLACE"), null, NOW).organisation();
    }
}
