package fr.maillage.territory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TerritoryResolveTest {

    private final Territory territory = Territory.load();

    @Test
    void loadsTheDataOnlyOnce() {
        assertThat(Territory.load()).isSameAs(territory);
    }

    @Test
    void resolvesNantesWithItsDepartementRegionAndMetropole() {
        Commune nantes = territory.resolve("44109").orElseThrow();

        assertThat(nantes.code()).isEqualTo("44109");
        assertThat(nantes.name()).isEqualTo("Nantes");
        assertThat(nantes.departement()).isEqualTo("44");
        assertThat(nantes.departementName()).isEqualTo("Loire-Atlantique");
        assertThat(nantes.region()).isEqualTo("52");
        assertThat(nantes.regionName()).isEqualTo("Pays de la Loire");
        assertThat(nantes.inMetropole()).isTrue();
        assertThat(nantes.metropoleCode()).isEqualTo("244400404");
        assertThat(nantes.metropoleName()).isEqualTo("Nantes Métropole");
        assertThat(nantes.epciCode()).isEqualTo("244400404");
        assertThat(nantes.sizeClass()).isEqualTo(SizeClass.FROM_100000);
        assertThat(nantes.population()).isGreaterThan(300_000);
        assertThat(nantes.postalCodes()).contains("44000", "44100", "44200", "44300");
    }

    static Stream<String> parisCodes() {
        return Stream.concat(Stream.of("75056"), IntStream.rangeClosed(101, 120).mapToObj(n -> "75" + n));
    }

    @ParameterizedTest
    @MethodSource("parisCodes")
    void resolvesParisAndItsArrondissementsToParis(String code) {
        Commune paris = territory.resolve(code).orElseThrow();

        assertThat(paris.code()).isEqualTo("75056");
        assertThat(paris.name()).isEqualTo("Paris");
        assertThat(paris.region()).isEqualTo("11");
        assertThat(paris.regionName()).isEqualTo("Île-de-France");
        assertThat(paris.metropoleName()).isEqualTo("Métropole du Grand Paris");
    }

    @Test
    void resolvesLyonArrondissementToLyonInTheMetropoleDeLyon() {
        Commune lyon = territory.resolve("69381").orElseThrow();

        assertThat(lyon.code()).isEqualTo("69123");
        assertThat(lyon.name()).isEqualTo("Lyon");
        assertThat(lyon.metropoleCode()).isEqualTo("200046977");
        assertThat(lyon.metropoleName()).isEqualTo("Métropole de Lyon");
    }

    @Test
    void resolvesMarseilleArrondissementToMarseille() {
        Commune marseille = territory.resolve("13201").orElseThrow();

        assertThat(marseille.code()).isEqualTo("13055");
        assertThat(marseille.name()).isEqualTo("Marseille");
        assertThat(marseille.metropoleName()).isEqualTo("Métropole d'Aix-Marseille-Provence");
    }

    @Test
    void resolvesOldCodeOfMergedCommuneToTheCommuneNouvelle() {
        // Courcouronnes merged with Évry into Évry-Courcouronnes on 1 January 2019.
        Commune evry = territory.resolve("91182").orElseThrow();

        assertThat(evry.code()).isEqualTo("91228");
        assertThat(evry.name()).isEqualTo("Évry-Courcouronnes");
    }

    @Test
    void resolvesCommuneDelegueeToItsCommune() {
        Commune annecy = territory.resolve("74011").orElseThrow(); // Annecy-le-Vieux

        assertThat(annecy.code()).isEqualTo("74010");
        assertThat(annecy.name()).isEqualTo("Annecy");
    }

    @Test
    void resolvesCommuneAssocieeToItsCommune() {
        assertThat(territory.resolve("01120")).map(Commune::code).contains("01262"); // Cordieux
    }

    @Test
    void prefersCurrentAssociationOverStaleOldCode() {
        // 55273 Lamarche-en-Woëvre is listed as an old code of 55245 but is today associated with 55386.
        assertThat(territory.resolve("55273")).map(Commune::code).contains("55386");
    }

    @Test
    void resolvesCurrentCodeOfCommuneDelegueeSharingItsCode() {
        // The commune déléguée Cherbourg-Octeville keeps code 50129, which is Cherbourg-en-Cotentin's.
        assertThat(territory.resolve("50129")).map(Commune::name).contains("Cherbourg-en-Cotentin");
    }

    @Test
    void resolvesAjaccioInCorsica() {
        Commune ajaccio = territory.resolve("2A004").orElseThrow();

        assertThat(ajaccio.name()).isEqualTo("Ajaccio");
        assertThat(ajaccio.departement()).isEqualTo("2A");
        assertThat(ajaccio.departementName()).isEqualTo("Corse-du-Sud");
        assertThat(ajaccio.region()).isEqualTo("94");
        assertThat(ajaccio.regionName()).isEqualTo("Corse");
    }

    @Test
    void resolvesPreCorsicaSplitCodeToAjaccio() {
        assertThat(territory.resolve("20004")).map(Commune::code).contains("2A004");
    }

    @Test
    void resolvesOverseasSaintDenisDeLaReunion() {
        Commune saintDenis = territory.resolve("97411").orElseThrow();

        assertThat(saintDenis.name()).isEqualTo("Saint-Denis");
        assertThat(saintDenis.departement()).isEqualTo("974");
        assertThat(saintDenis.departementName()).isEqualTo("La Réunion");
        assertThat(saintDenis.region()).isEqualTo("04");
        assertThat(saintDenis.regionName()).isEqualTo("La Réunion");
        assertThat(saintDenis.inMetropole()).isFalse();
    }

    @Test
    void resolvesSmallRuralCommuneOutsideAnyMetropole() {
        Commune rochefourchat = territory.resolve("26274").orElseThrow();

        assertThat(rochefourchat.name()).isEqualTo("Rochefourchat");
        assertThat(rochefourchat.sizeClass()).isEqualTo(SizeClass.UNDER_3500);
        assertThat(rochefourchat.inMetropole()).isFalse();
        assertThat(rochefourchat.metropoleCode()).isNull();
        assertThat(rochefourchat.metropoleName()).isNull();
        assertThat(rochefourchat.epciCode()).isNotNull();
    }

    @Test
    void toleratesSurroundingSpacesAndLowerCaseCorsicanCode() {
        assertThat(territory.resolve(" 2a004 ")).map(Commune::code).contains("2A004");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"99999", "00000", "ABCDE", "   ", "4410", "441090", "2C004"})
    void resolvesUnknownCodeToNothing(String code) {
        assertThat(territory.resolve(code)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"44109", "2A004", "2B033", "97411", "01001", "99999"})
    void acceptsWellFormedCodes(String code) {
        assertThat(territory.isWellFormedCode(code)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ABCDE", "20004", "2C004", "4410", "441090", " 44109", "2a004"})
    void rejectsMalformedCodes(String code) {
        assertThat(territory.isWellFormedCode(code)).isFalse();
    }
}
