package fr.maillage.territory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TerritoryLevelsTest {

    private final Territory territory = Territory.load();
    private final Commune nantes = territory.resolve("44109").orElseThrow();
    private final Commune paris = territory.resolve("75056").orElseThrow();

    @Test
    void communeContainsItselfWhateverCodeDesignatesIt() {
        assertThat(territory.contains(TerritoryLevel.COMMUNE, "44109", nantes)).isTrue();
        assertThat(territory.contains(TerritoryLevel.COMMUNE, "75108", paris)).isTrue();
        assertThat(territory.contains(TerritoryLevel.COMMUNE, "49007", nantes)).isFalse();
    }

    @Test
    void epciContainsItsMembers() {
        assertThat(territory.contains(TerritoryLevel.EPCI, "244400404", nantes)).isTrue();
        assertThat(territory.contains(TerritoryLevel.EPCI, "244400404", paris)).isFalse();
        assertThat(territory.contains(TerritoryLevel.EPCI, "200054781", paris)).isTrue();
    }

    @Test
    void aDepartementsRegionIsKnownForTheHundredAndOneOnly() {
        assertThat(territory.regionOfDepartement("44")).contains("52");
        assertThat(territory.regionOfDepartement("2a")).as("whatever the case").contains("94");
        assertThat(territory.regionOfDepartement("976")).contains("06");
        assertThat(territory.regionOfDepartement("975")).as("an overseas collectivity").isEmpty();
        assertThat(territory.regionOfDepartement("20")).isEmpty();
        assertThat(territory.regionOfDepartement(null)).isEmpty();
        assertThat(territory.departementOutsideRegion("11", "44")).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("is in région 52, not in région 11"));
        assertThat(territory.departementOutsideRegion("52", "44")).isEmpty();
        assertThat(territory.departementOutsideRegion("94", "2a")).isEmpty();
        assertThat(territory.departementOutsideRegion(null, "44")).isEmpty();
        assertThat(territory.departementOutsideRegion("11", null)).isEmpty();
    }

    @Test
    void departementContainsItsCommunes() {
        assertThat(territory.contains(TerritoryLevel.DEPARTEMENT, "44", nantes)).isTrue();
        assertThat(territory.contains(TerritoryLevel.DEPARTEMENT, "35", nantes)).isFalse();
        assertThat(territory.contains(TerritoryLevel.DEPARTEMENT, "2A", territory.resolve("2A004").orElseThrow())).isTrue();
    }

    @Test
    void regionContainsItsCommunes() {
        assertThat(territory.contains(TerritoryLevel.REGION, "52", nantes)).isTrue();
        assertThat(territory.contains(TerritoryLevel.REGION, "11", nantes)).isFalse();
        assertThat(territory.contains(TerritoryLevel.REGION, "04", territory.resolve("97411").orElseThrow())).isTrue();
    }

    @Test
    void nothingContainsMissingCommuneOrCode() {
        assertThat(territory.contains(TerritoryLevel.REGION, "52", null)).isFalse();
        assertThat(territory.contains(TerritoryLevel.REGION, null, nantes)).isFalse();
        assertThat(territory.contains(TerritoryLevel.EPCI, "", nantes)).isFalse();
    }

    @Test
    void overseasCollectivityIsNeitherRegionNorDepartement() {
        Commune saintPierre = territory.resolve("97502").orElseThrow();

        assertThat(saintPierre.regionName()).isEqualTo("Saint-Pierre-et-Miquelon");
        assertThat(territory.exists(TerritoryLevel.REGION, "975")).isFalse();
        assertThat(territory.exists(TerritoryLevel.DEPARTEMENT, "975")).isFalse();
        assertThat(territory.contains(TerritoryLevel.REGION, "975", saintPierre)).isFalse();
        // nor are its communes territories of the network (a local authority's, say)
        assertThat(territory.exists(TerritoryLevel.COMMUNE, "97502")).isFalse();
        assertThat(territory.exists(TerritoryLevel.COMMUNE, "97801")).isFalse();
        assertThat(territory.exists(TerritoryLevel.COMMUNE, "97611")).as("Mayotte is a département").isTrue();
    }

    @Test
    void knowsWhichTerritoriesExist() {
        assertThat(territory.exists(TerritoryLevel.COMMUNE, "44109")).isTrue();
        assertThat(territory.exists(TerritoryLevel.COMMUNE, "75101")).isTrue();
        assertThat(territory.exists(TerritoryLevel.COMMUNE, "99999")).isFalse();
        assertThat(territory.exists(TerritoryLevel.EPCI, "244400404")).isTrue();
        assertThat(territory.exists(TerritoryLevel.EPCI, "999999999")).isFalse();
        assertThat(territory.exists(TerritoryLevel.DEPARTEMENT, "2B")).isTrue();
        assertThat(territory.exists(TerritoryLevel.DEPARTEMENT, "974")).isTrue();
        assertThat(territory.exists(TerritoryLevel.DEPARTEMENT, "20")).isFalse();
        assertThat(territory.exists(TerritoryLevel.REGION, "06")).isTrue();
        assertThat(territory.exists(TerritoryLevel.REGION, "05")).isFalse();
        assertThat(territory.exists(TerritoryLevel.REGION, null)).isFalse();
    }

    @Test
    void givesTheCodeEveryComparisonUses() {
        assertThat(territory.canonicalCode(TerritoryLevel.REGION, " 84")).contains("84");
        assertThat(territory.canonicalCode(TerritoryLevel.DEPARTEMENT, "2b")).contains("2B");
        assertThat(territory.canonicalCode(TerritoryLevel.COMMUNE, "91182")).as("Courcouronnes, merged")
                .contains("91228");
        assertThat(territory.canonicalCode(TerritoryLevel.EPCI, "244400404 ")).contains("244400404");
        assertThat(territory.canonicalCode(TerritoryLevel.REGION, "05")).isEmpty();
    }

    @Test
    void namesDepartementsAndRegions() {
        assertThat(territory.departementName("44")).contains("Loire-Atlantique");
        assertThat(territory.departementName("2B")).contains("Haute-Corse");
        assertThat(territory.departementName("00")).isEmpty();
        assertThat(territory.departementName(null)).isEmpty();
        assertThat(territory.regionName("52")).contains("Pays de la Loire");
        assertThat(territory.regionName("99")).isEmpty();
    }

    @Test
    void listsTheEighteenRegionsSortedByCode() {
        assertThat(territory.regions())
                .hasSize(18)
                .containsEntry("11", "Île-de-France")
                .containsEntry("94", "Corse")
                .containsEntry("06", "Mayotte");
        assertThat(List.copyOf(territory.regions().keySet())).isSorted().startsWith("01").endsWith("94");
    }

    @Test
    void countsTwentyTwoMetropoles() {
        assertThat(territory.metropoleCount()).isEqualTo(22);
    }
}
