package fr.maillage.territory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GivenCommuneTest {

    private static final Territory TERRITORY = Territory.load();
    private static final String WHERE = "premises are offered in the départements";

    @Test
    void aCommuneCodeGivenInARequestIsTodaysCommuneOrOneProblemToTell() {
        assertThat(TERRITORY.given("44109", WHERE).commune().name()).isEqualTo("Nantes");
        assertThat(TERRITORY.given("44109", WHERE).problem()).isNull();
        assertThat(TERRITORY.given(" 2a004 ", WHERE).commune().code()).isEqualTo("2A004");

        assertThat(TERRITORY.given(null, WHERE).problem()).isEqualTo("is required (INSEE commune code, e.g. 44109)");
        assertThat(TERRITORY.given("  ", WHERE).commune()).isNull();
        assertThat(TERRITORY.given("x".repeat(30), WHERE).problem())
                .isEqualTo("'" + "x".repeat(20) + "…' is not an INSEE commune code (5 characters, e.g. 44109, 2A004, 97411)");
        assertThat(TERRITORY.given("44999", WHERE).problem())
                .isEqualTo("no commune has the INSEE code '44999' in the official geography (COG)");
        assertThat(TERRITORY.given("98735", WHERE).problem()).startsWith("'98735' is Papeete, in ")
                .endsWith(", an overseas collectivity: premises are offered in the départements (01 to 95, 2A, 2B, 971 to 976)");
    }
}
