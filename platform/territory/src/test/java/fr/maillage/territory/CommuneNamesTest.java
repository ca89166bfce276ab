package fr.maillage.territory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommuneNamesTest {

    @Test
    void ignoresCaseAccentsAndPunctuation() {
        assertThat(CommuneNames.key("L'Île-d'Yeu")).isEqualTo(CommuneNames.key("L ILE D YEU"));
        assertThat(CommuneNames.key("Évry-Courcouronnes")).isEqualTo(CommuneNames.key("evry courcouronnes"));
        assertThat(CommuneNames.key("Saint-Jean-d’Angély")).isEqualTo(CommuneNames.key("St Jean d'Angely"));
    }

    @Test
    void expandsSaintAndSainteAbbreviations() {
        assertThat(CommuneNames.key("St-Étienne")).isEqualTo("saintetienne");
        assertThat(CommuneNames.key("Ste-Foy-lès-Lyon")).isEqualTo(CommuneNames.key("Sainte Foy les Lyon"));
    }

    @Test
    void spellsOutLigatures() {
        assertThat(CommuneNames.key("Œuilly")).isEqualTo("oeuilly");
    }

    @Test
    void keepsDistinctNamesDistinct() {
        assertThat(CommuneNames.key("Saint-Denis")).isNotEqualTo(CommuneNames.key("Sainte-Denise"));
        assertThat(CommuneNames.key("Stenay")).isEqualTo("stenay");
    }
}
