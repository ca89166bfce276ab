package fr.maillage.security;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class VersionsTest {

    @Test
    void aVersionIsReadQuotedOrNotAndWeakOrNot() {
        assertThat(Versions.requireIfMatch("3")).isEqualTo(3);
        assertThat(Versions.requireIfMatch(" \"3\" ")).isEqualTo(3);
        assertThat(Versions.requireIfMatch("W/\"12\"")).isEqualTo(12);
        assertThat(Versions.optionalIfMatch("\"7\"")).isEqualTo(7L);
    }

    @Test
    void whereIfMatchIsOptionalAStarOrNothingMeansAnyVersion() {
        assertThat(Versions.optionalIfMatch(null)).isNull();
        assertThat(Versions.optionalIfMatch(" ")).isNull();
        assertThat(Versions.optionalIfMatch("*")).isNull();
        assertThat(Versions.optionalIfMatch(" * ")).isNull();
    }

    @Test
    void whereIfMatchIsRequiredAStarIsRefusedLikeItsAbsence() {
        assertThat(status(() -> Versions.requireIfMatch(null))).isEqualTo(HttpStatus.PRECONDITION_REQUIRED);
        ApiException star = catchThrowableOfType(ApiException.class, () -> Versions.requireIfMatch("*"));
        assertThat(star.status()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED);
        assertThat(star.getMessage()).contains("If-Match: <version>");
    }

    @Test
    void anythingElseIsABadRequestNamingTheHeader() {
        for (String invalid : new String[] {"0", "-1", "abc", "\"1\", \"2\"", "99999999999999999999"}) {
            ApiException refused = catchThrowableOfType(ApiException.class, () -> Versions.requireIfMatch(invalid));
            assertThat(refused.status()).as(invalid).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getMessage()).as(invalid).startsWith("If-Match");
        }
    }

    private static HttpStatus status(Runnable call) {
        return catchThrowableOfType(ApiException.class, call::run).status();
    }
}
