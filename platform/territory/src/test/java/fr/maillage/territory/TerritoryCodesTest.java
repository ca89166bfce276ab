package fr.maillage.territory;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The query patterns accept exactly the régions and départements the territory data holds. */
class TerritoryCodesTest {

    private final Territory territory = Territory.load();

    @Test
    void theRegionPatternMatchesTheRegionsThatExist() {
        Pattern region = Pattern.compile(TerritoryCodes.REGION);
        for (String code : candidates()) {
            assertThat(region.matcher(code).matches()).as(code).isEqualTo(territory.exists(TerritoryLevel.REGION, code));
        }
        assertThat(territory.regions().keySet()).allMatch(code -> region.matcher(code).matches()).hasSize(18);
    }

    @Test
    void theDepartementPatternMatchesTheDepartementsThatExist() {
        Pattern departement = Pattern.compile(TerritoryCodes.DEPARTEMENT);
        int matched = 0;
        for (String code : candidates()) {
            boolean exists = territory.exists(TerritoryLevel.DEPARTEMENT, code);
            assertThat(departement.matcher(code).matches()).as(code).isEqualTo(exists);
            matched += exists ? 1 : 0;
        }
        assertThat(matched).as("96 in metropolitan France, 5 overseas").isEqualTo(101);
    }

    /** Every code of the shapes the parameters take: two digits, 2A and 2B, and 970 to 979. */
    private static List<String> candidates() {
        List<String> codes = new ArrayList<>(List.of("2A", "2B"));
        for (int n = 0; n < 100; n++) {
            codes.add(String.format("%02d", n));
        }
        for (int n = 970; n < 980; n++) {
            codes.add(Integer.toString(n));
        }
        return codes;
    }
}
