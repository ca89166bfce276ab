package fr.maillage.activity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The ids' checks written char by char against the patterns the API documents. */
class FieldChecksTest {

    private static final String ALPHABET = "aZ09._:-/ é\n\u0000\uD83D";

    @Test
    void checksIdsExactlyAsTheirPatterns() {
        Pattern reportId = Pattern.compile(Submission.REPORT_ID);
        Pattern thirdPlaceId = Pattern.compile(Submission.THIRD_PLACE_ID);
        Random random = new Random(7);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            String value = candidate(random);
            boolean expected = reportId.matcher(value).matches();
            assertThat(FieldChecks.isReportId(value)).as("reportId %s", value).isEqualTo(expected);
            assertThat(FieldChecks.isThirdPlaceId(value)).as("thirdPlaceId %s", value)
                    .isEqualTo(thirdPlaceId.matcher(value).matches());
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("valid ids among the candidates").isGreaterThan(10_000);
        for (String edge : List.of("", "a".repeat(64), "a".repeat(65), "a".repeat(100), "a".repeat(101), "-a", "a\n")) {
            assertThat(FieldChecks.isReportId(edge)).as(edge).isEqualTo(reportId.matcher(edge).matches());
            assertThat(FieldChecks.isThirdPlaceId(edge)).as(edge).isEqualTo(thirdPlaceId.matcher(edge).matches());
        }
    }

    private static String candidate(Random random) {
        int length = random.nextInt(10) == 0 ? 60 + random.nextInt(50) : random.nextInt(8);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // mostly allowed characters, so that long valid ids occur too
            value.append(random.nextInt(12) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
                    : ALPHABET.charAt(random.nextInt(7)));
        }
        return value.toString();
    }
}
