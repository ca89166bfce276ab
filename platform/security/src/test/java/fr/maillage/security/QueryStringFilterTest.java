package fr.maillage.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringFilterTest {

    @Test
    void wellFormedQueriesPass() {
        for (String query : new String[] {"region=84", "q=Caf%C3%A9+des+Pentes&page=2", "a&b=", "&&region=84&",
                "name=%E2%82%AC", "x=a%2Bb%3D%26"}) {
            assertThat(QueryStringFilter.problemWith(query)).as(query).isNull();
        }
    }

    @Test
    void whatTheContainerCannotDecodeIsNamed() {
        assertThat(QueryStringFilter.problemWith("region=%zz")).contains("'region'", "UTF-8");
        assertThat(QueryStringFilter.problemWith("region=8%4")).contains("'region'");
        assertThat(QueryStringFilter.problemWith("region=%")).contains("'region'");
        assertThat(QueryStringFilter.problemWith("d=%C3%28")).as("not UTF-8 once decoded").contains("'d'");
        assertThat(QueryStringFilter.problemWith("d=%FF")).contains("'d'");
        assertThat(QueryStringFilter.problemWith("region=84&=x")).contains("no name");
        assertThat(QueryStringFilter.problemWith("r%zzegion=84")).as("a name shown, its odd characters masked")
                .contains("'r%zzegion'");
        assertThat(QueryStringFilter.problemWith("<b>%zz=1")).as("shown masked").contains("'?b?%zz'");
    }
}
