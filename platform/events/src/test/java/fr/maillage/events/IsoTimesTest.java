package fr.maillage.events;

import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IsoTimes} answers as {@link Instant#parse} and {@link LocalDate#parse} do, errors included. */
class IsoTimesTest {

    private static final Object SAMPLE = ActivitySamples.SAMPLES.get(ActivityEvents.REPORT_PUBLISHED);

    @Test
    void readsWhatProducersWriteAsTheJdkDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("1000-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-31T23:59:59Z").getEpochSecond());
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            assertThat(IsoTimes.instant(instant.toString())).isEqualTo(instant);
            LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
            assertThat(IsoTimes.date(date.toString())).isEqualTo(date);
        }
        for (int digits = 1; digits <= 9; digits++) {
            String text = "2026-11-30T07:09:42." + "123456789".substring(0, digits) + "Z";
            assertThat(IsoTimes.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void writesInstantsAsTheJdkDoesAndPayloadsAsBefore() throws Exception {
        Random random = new Random(11);
        Instant previous = Instant.EPOCH;
        for (int i = 0; i < 20_000; i++) {
            // runs of equal instants (as in a batch) between different ones
            Instant instant = random.nextInt(3) == 0 ? previous
                    : Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 300_000_000_000L), random.nextInt(1_000_000_000));
            assertThat(IsoTimes.format(instant)).isEqualTo(instant.toString());
            previous = instant;
        }
        String written = new String(EventJson.write(SAMPLE), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(SAMPLE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-04-31T10:00:00Z",
            "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-30T24:00:00Z",
            "2026-11-30T23:60:00Z", "2026-11-30T23:59:60Z", "2026-11-30T07:09:42.Z", "2026-11-30T07:09:42.1234567891Z",
            "2026-11-30t07:09:42z", "2026-11-30T07:09:42+01:00", "2026-11-30T07:09:42.5+01:00", "+12026-11-30T07:09:42Z",
            "-0001-11-30T07:09:42Z", "2026-11-30T07:09Z", "2026-11-30T07:09:4aZ", "2026-11-30 07:09:42Z",
            "2026-1-30T07:09:42.000Z", " 2026-11-30T07:09:42Z", "", "garbage", "0000-01-01T00:00:00Z"})
    void answersOddInstantsAsTheJdkDoes(String text) {
        assertThat(outcome(IsoTimes::instant, text)).isEqualTo(outcome(Instant::parse, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29", "2024-02-29", "2026-04-31", "2026-13-01", "2026-00-01", "2026-11-00",
            "2026-11-3a", "2026/11/30", "+12026-11-30", "-0001-11-30", "2026-11-30Z", "26-11-30", "", "0000-01-01"})
    void answersOddDatesAsTheJdkDoes(String text) {
        assertThat(outcome(IsoTimes::date, text)).isEqualTo(outcome(LocalDate::parse, text));
    }

    @Test
    void aPayloadWithAnImpossibleDateOrAnInstantThatIsNotAStringIsMalformed() {
        String valid = new String(EventJson.write(SAMPLE), StandardCharsets.UTF_8);
        assertThat(EventJson.read(valid.getBytes(StandardCharsets.UTF_8), ActivityReportPublished.class))
                .isEqualTo(SAMPLE);
        String badDate = valid.replaceFirst("\"date\":\"[^\"]*\"", "\"date\":\"2026-02-30\"");
        assertThatThrownBy(() -> EventJson.read(badDate.getBytes(StandardCharsets.UTF_8), ActivityReportPublished.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("2026-02-30");
        String numericInstant = valid.replaceFirst("\"publishedAt\":\"[^\"]*\"", "\"publishedAt\":1764486582");
        assertThatThrownBy(() -> EventJson.read(numericInstant.getBytes(StandardCharsets.UTF_8), ActivityReportPublished.class))
                .isInstanceOf(MalformedEventException.class);
    }

    private static <T> String outcome(Function<String, T> parse, String text) {
        try {
            return "value " + parse.apply(text);
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }
}
