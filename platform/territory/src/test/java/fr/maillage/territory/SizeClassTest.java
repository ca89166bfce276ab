package fr.maillage.territory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeClassTest {

    @ParameterizedTest
    @CsvSource({
            "0, UNDER_3500",
            "3499, UNDER_3500",
            "3500, FROM_3500_TO_20000",
            "19999, FROM_3500_TO_20000",
            "20000, FROM_20000_TO_100000",
            "99999, FROM_20000_TO_100000",
            "100000, FROM_100000",
            "2103778, FROM_100000",
    })
    void classifiesPopulationWithInclusiveLowerBounds(int population, SizeClass expected) {
        assertThat(SizeClass.of(population)).isEqualTo(expected);
    }

    @Test
    void hasFrenchLabels() {
        assertThat(SizeClass.UNDER_3500.label()).isEqualTo("moins de 3 500 habitants");
        assertThat(SizeClass.FROM_3500_TO_20000.label()).isEqualTo("petites villes (3 500 à 20 000)");
        assertThat(SizeClass.FROM_20000_TO_100000.label()).isEqualTo("villes moyennes (20 000 à 100 000)");
        assertThat(SizeClass.FROM_100000.label()).isEqualTo("100 000 habitants et plus");
    }
}
