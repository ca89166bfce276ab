package fr.maillage.registry.domain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class FacilitatorTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:15:00Z");
    static final Facilitator.Person CAMILLE = new Facilitator.Person("Camille", "Dupont-Exemple",
            "camille@example.org", "+33 6 12 34 56 78");
    static final Facilitator.Certification TRAINING = new Facilitator.Certification("Animateur de tiers-lieux", 140,
            LocalDate.parse("2026-06-30"));

    @Test
    void theSameCertificationAgainChangesNothingButDifferentHoursAreRefused() {
        Facilitator certified = ThirdPlaceTest.changed(Facilitator.register("f-1", "tl-1", CAMILLE, NOW).facilitator()
                .certify(TRAINING, NOW)).facilitator();

        assertThat(certified.certify(TRAINING, NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(certified.certify(new Facilitator.Certification(TRAINING.name(), 35, TRAINING.certifiedOn()), NOW))
                .isInstanceOf(Outcome.Refused.class);
        Facilitator twice = ThirdPlaceTest.changed(certified.certify(
                new Facilitator.Certification("Médiation numérique", 35, LocalDate.parse("2026-09-01")), NOW)).facilitator();
        assertThat(twice.trainingHours()).isEqualTo(175);
    }

    @Test
    void certificationsStopAtTheirMaximumAndTheFacilitatorCanStillBeErased() {
        Facilitator facilitator = Facilitator.register("f-1", "tl-1", CAMILLE, NOW).facilitator();
        for (int i = 0; i < Facilitator.MAX_CERTIFICATIONS; i++) {
            facilitator = ThirdPlaceTest.changed(facilitator.certify(
                    new Facilitator.Certification("Formation " + i, 7, TRAINING.certifiedOn()), NOW)).facilitator();
        }

        assertThat(facilitator.certify(new Facilitator.Certification("Une de trop", 7, TRAINING.certifiedOn()), NOW))
                .isInstanceOf(Outcome.Refused.class);
        assertThat(facilitator.certify(new Facilitator.Certification("Formation 0", 7, TRAINING.certifiedOn()), NOW))
                .as("the same one again still changes nothing").isInstanceOf(Outcome.Unchanged.class);
        assertThat(ThirdPlaceTest.changed(facilitator.erase(NOW)).facilitator().erased()).isTrue();
    }

    @Test
    void erasureRemovesThePersonAndWhatCouldSingleThemOut() {
        Facilitator certified = ThirdPlaceTest.changed(Facilitator.register("f-1", "tl-1", CAMILLE, NOW).facilitator()
                .certify(TRAINING, NOW)).facilitator();

        Facilitator erased = ThirdPlaceTest.changed(certified.erase(NOW)).facilitator();

        assertThat(erased.erased()).isTrue();
        assertThat(erased.person()).isNull();
        assertThat(erased.certifications()).isEmpty();
        assertThat(erased.id()).isEqualTo("f-1");
        assertThat(erased.thirdPlaceId()).isEqualTo("tl-1");
        assertThat(erased.erase(NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(erased.certify(TRAINING, NOW)).isInstanceOf(Outcome.Refused.class);
    }
}
