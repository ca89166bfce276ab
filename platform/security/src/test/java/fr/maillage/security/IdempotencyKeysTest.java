package fr.maillage.security;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IdempotencyKeysTest {

    private static final Caller NANTES = new Caller("nantes", "k-1", Set.of(Role.LOCAL_AUTHORITY), null, null);
    private static final Caller RENNES = new Caller("rennes", "k-2", Set.of(Role.LOCAL_AUTHORITY), null, null);

    @Test
    void aKeyStandsForOneIdPerOrganisationAndKind() {
        String id = IdempotencyKeys.idFor(NANTES, "premises", "id", null, "offre-2026-001");

        assertThat(IdempotencyKeys.idFor(NANTES, "premises", "id", null, "offre-2026-001")).isEqualTo(id);
        assertThat(IdempotencyKeys.idFor(RENNES, "premises", "id", null, "offre-2026-001")).isNotEqualTo(id);
        assertThat(IdempotencyKeys.idFor(NANTES, "third-place", "id", null, "offre-2026-001")).isNotEqualTo(id);
        assertThat(IdempotencyKeys.idFor(NANTES, "premises", "id", null, null))
                .isNotEqualTo(IdempotencyKeys.idFor(NANTES, "premises", "id", null, null));
        assertThat(IdempotencyKeys.idFor(NANTES, "premises", "id", "local-12", null)).isEqualTo("local-12");
    }

    @Test
    void anIdAndAKeyTogetherAreRefusedNamingTheHeader() {
        ApiException both = catchThrowableOfType(ApiException.class,
                () -> IdempotencyKeys.idFor(NANTES, "premises", "id", "local-12", "k"));

        assertThat(both.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(both.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("Idempotency-Key");
            assertThat(error.message()).contains("not both");
        });
        ApiException application = catchThrowableOfType(ApiException.class,
                () -> IdempotencyKeys.requireNotBoth("applicationId", "a-1", "k"));
        assertThat(application.getMessage()).contains("applicationId");
    }

    @Test
    void noOrganisationMayChooseAnIdOfTheFormKeysStandFor() {
        String derivedForAnother = IdempotencyKeys.idFor(RENNES, "premises", "id", null, "offre-2026-001");

        for (String taken : new String[] {derivedForAnother, derivedForAnother.toUpperCase(),
                UUID.nameUUIDFromBytes("anything".getBytes()).toString()}) {
            ApiException refused = catchThrowableOfType(ApiException.class,
                    () -> IdempotencyKeys.idFor(NANTES, "premises", "id", taken, null));
            assertThat(refused.status()).as(taken).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.errors()).singleElement().extracting(ApiException.FieldError::field).isEqualTo("id");
        }
        String random = UUID.randomUUID().toString();
        assertThat(IdempotencyKeys.idFor(NANTES, "premises", "id", random, null))
                .as("a random (version 4) UUID is an id a client may choose").isEqualTo(random);
    }
}
