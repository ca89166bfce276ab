package fr.maillage.territory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerritoryPostalCodeTest {

    private final Territory territory = Territory.load();

    @ParameterizedTest
    @CsvSource({
            "44000, NANTES, 44109",
            "44300, nantes, 44109",
            "42000, St Etienne, 42218",
            "42100, SAINT-ÉTIENNE, 42218",
            "97400, saint denis, 97411",
            "20000, AJACCIO, 2A004",
            "91000, Evry Courcouronnes, 91228",
            "74000, annecy, 74010",
    })
    void resolvesCommuneFromPostalCodeAndNameIgnoringCaseAccentsAndAbbreviations(
            String postalCode, String name, String expectedCode) {
        assertThat(territory.resolveByPostalCodeAndName(postalCode, name))
                .map(Commune::code)
                .contains(expectedCode);
    }

    @Test
    void resolvesFormerCommuneNameToItsCommuneNouvelle() {
        assertThat(territory.resolveByPostalCodeAndName("74940", "Annecy le Vieux"))
                .map(Commune::code)
                .contains("74010");
    }

    @Test
    void resolvesArrondissementNameToItsCommune() {
        assertThat(territory.resolveByPostalCodeAndName("75001", "Paris 1er arrondissement"))
                .map(Commune::code)
                .contains("75056");
    }

    @Test
    void toleratesApostrophesAndHyphens() {
        assertThat(territory.resolveByPostalCodeAndName("85350", "L ILE D YEU"))
                .map(Commune::code)
                .contains("85113");
    }

    @Test
    void findsNothingWhenNameDoesNotServeThatPostalCode() {
        assertThat(territory.resolveByPostalCodeAndName("44000", "Rennes")).isEmpty();
        assertThat(territory.resolveByPostalCodeAndName("35000", "Nantes")).isEmpty();
    }

    @Test
    void findsNothingForMissingInput() {
        assertThat(territory.resolveByPostalCodeAndName(null, "Nantes")).isEmpty();
        assertThat(territory.resolveByPostalCodeAndName("44000", null)).isEmpty();
        assertThat(territory.resolveByPostalCodeAndName("44000", " ")).isEmpty();
        assertThat(territory.resolveByPostalCodeAndName("00000", "Nantes")).isEmpty();
    }
}
