package fr.maillage.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {

    @Test
    void wellFormedQueriesPass() {
        for (String query : new String[] {"region=84", "q=Caf%C3%A9+des+Pentes&page=2", "a&b=", "&&region=84&",
                "name=%E2%82%AC", "x=a%2Bb%3D%26"}) {
            assertThat(QueryStrings.problemWith(query)).as(query).isNull();
        }
    }

    @Test
    void whatTheContainerCannotDecodeIsNamed() {
        assertThat(QueryStrings.problemWith("region=%zz")).contains("'region'", "UTF-8");
        assertThat(QueryStrings.problemWith("region=8%4")).contains("'region'");
        assertThat(QueryStrings.problemWith("region=%")).contains("'region'");
        assertThat(QueryStrings.problemWith("d=%C3%28")).as("not UTF-8 once decoded").contains("'d'");
        assertThat(QueryStrings.problemWith("d=%FF")).contains("'d'");
        assertThat(QueryStrings.problemWith("region=84&=x")).contains("no name");
        assertThat(QueryStrings.problemWith("r%zzegion=84")).as("a name shown, its odd characters masked")
                .contains("'r%zzegion'");
        assertThat(QueryStrings.problemWith("<b>%zz=1")).as("shown masked").contains("'?b?%zz'");
    }
}
