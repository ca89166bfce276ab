package fr.maillage.registry.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class LegalIdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"44306184100047", "73282932000074", "55203253400646", "13002526500013"})
    void aSiretWithAValidLuhnKeyIsAccepted(String siret) {
        assertThat(LegalIdentifiers.siretProblem(siret)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"44306184100048", "44306184100040", "73282932000075", "13002526500012"})
    void aSiretWithAWrongKeyIsRefusedSayingWhy(String siret) {
        assertThat(LegalIdentifiers.siretProblem(siret)).hasValueSatisfying(problem -> assertThat(problem).contains("Luhn"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4430618410004", "443061841000470", "4430618410004A", "443 061 841 00047", " 44306184100047"})
    void aSiretThatIsNotFourteenDigitsIsRefused(String siret) {
        assertThat(LegalIdentifiers.siretProblem(siret)).hasValue("must be 14 digits");
    }

    @Test
    void aMissingSiretIsRefused() {
        assertThat(LegalIdentifiers.siretProblem(null)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"35600000049837", "35600000000001", "35600000000010"})
    void laPosteEstablishmentsFollowTheDigitSumRuleEvenWhenLuhnFails(String siret) {
        assertThat(LegalIdentifiers.luhn(siret)).as("not Luhn-valid").isFalse();
        assertThat(LegalIdentifiers.siretProblem(siret)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"35600000000014", "35600000000022", "35600000000030"})
    void aLaPosteEstablishmentThatOnlyPassesLuhnIsRefused(String siret) {
        assertThat(LegalIdentifiers.luhn(siret)).as("Luhn-valid").isTrue();
        assertThat(LegalIdentifiers.siretProblem(siret))
                .hasValueSatisfying(problem -> assertThat(problem).contains("La Poste"));
    }

    @Test
    void laPosteHeadOfficeIsCheckedWithLuhnNotWithTheDigitSum() {
        assertThat(digitSum("35600000000048") % 5).as("its digit sum is not a multiple of 5").isNotZero();
        assertThat(LegalIdentifiers.siretProblem("35600000000048")).isEmpty();
    }

    @Test
    void theLuhnKeyDoublesEverySecondDigitFromTheRight() {
        assertThat(LegalIdentifiers.luhn("79927398713")).isTrue();
        assertThat(LegalIdentifiers.luhn("79927398710")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"W751234567", "W000000000", "W921004321"})
    void anRnaIsAWFollowedByNineDigits(String rna) {
        assertThat(LegalIdentifiers.rnaProblem(rna)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "W75123456", "W7512345678", "w751234567", "X751234567", "W75123456A", "751234567W"})
    void anythingElseIsNotAnRna(String rna) {
        assertThat(LegalIdentifiers.rnaProblem(rna)).hasValueSatisfying(problem -> assertThat(problem).contains("W"));
    }

    private static int digitSum(String digits) {
        return digits.chars().map(c -> c - '0').sum();
    }
}
