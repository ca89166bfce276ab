package fr.maillage.security;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    @RepeatedTest(20)
    void aGeneratedKeyIsWellFormed() {
        assertThat(ApiKeys.isWellFormed(ApiKeys.generate())).isTrue();
    }

    @Test
    void aKeyOfAnotherFormIsNot() {
        String forty = "abcdefghijABCDEFGHIJ0123456789-_abcdefgh";
        assertThat(ApiKeys.isWellFormed("mlg_" + forty)).isTrue();
        assertThat(ApiKeys.isWellFormed("maillage2026")).isFalse();
        assertThat(ApiKeys.isWellFormed(forty + "abcd")).as("no prefix").isFalse();
        assertThat(ApiKeys.isWellFormed("mlg_" + forty.substring(1))).as("39 characters").isFalse();
        assertThat(ApiKeys.isWellFormed("mlg_" + forty + "a")).as("41 characters").isFalse();
        assertThat(ApiKeys.isWellFormed("mlg_" + forty.substring(1) + "é")).isFalse();
        assertThat(ApiKeys.isWellFormed("mlg_" + forty.substring(1) + "=")).isFalse();
        assertThat(ApiKeys.isWellFormed(null)).isFalse();
    }
}
