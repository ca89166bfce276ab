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
                .isEqualTo("no commune has the INSEE code '44999' in the official geography (COG); a postal code is"
                        + " not an INSEE code (Nantes: postal code 44000, INSEE code 44109; Paris: 75056, its"
                        + " arrondissements 75101 to 75120)");
        assertThat(TERRITORY.given("98735", WHERE).problem()).startsWith("'98735' is Papeete, in ")
                .endsWith(", an overseas collectivity: premises are offered in the départements (01 to 95, 2A, 2B, 971 to 974, 976)");
    }

    /** Paris's postal codes were, before 1968, the codes of communes of the Seine now in other départements. */
    @Test
    void parisPostalCodesAreNotTakenForTheSeineCodesOfBefore1968() {
        for (int arrondissement = 1; arrondissement <= 20; arrondissement++) {
            String postalCode = String.format("750%02d", arrondissement);
            assertThat(TERRITORY.resolve(postalCode)).as(postalCode).isEmpty();
            assertThat(TERRITORY.given(postalCode, WHERE).problem()).as(postalCode)
                    .contains("a postal code is not an INSEE code");
        }
        assertThat(TERRITORY.resolve("78001")).as("a Seine-et-Oise code of before 1968").isEmpty();
        assertThat(TERRITORY.resolve("75101").orElseThrow().code()).as("an arrondissement is Paris").isEqualTo("75056");
        assertThat(TERRITORY.resolve("75116").orElseThrow().code()).isEqualTo("75056");
        assertThat(TERRITORY.resolve("94002").orElseThrow().name()).isEqualTo("Alfortville");
        assertThat(TERRITORY.resolveByPostalCodeAndName("75001", "Paris 1er arrondissement").orElseThrow().code())
                .as("a postal code with its name still finds Paris").isEqualTo("75056");
    }
}
