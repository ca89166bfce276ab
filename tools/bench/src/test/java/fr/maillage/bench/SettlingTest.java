package fr.maillage.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SettlingTest {

    private static String progress(int seconds, String accepted, String duplicates) {
        return String.format("[%4ds] %s reports accepted (1/s), %s duplicates, 0 rejected; 429: 0, 503: 0, I/O errors: 0",
                seconds, accepted, duplicates);
    }

    /** Where in these lines the load counts as settled: the index of the first line that says so, or -1. */
    private static int settledAt(double rate, List<String> lines) {
        SimulatorRun.Settling settling = new SimulatorRun.Settling(rate);
        for (int i = 0; i < lines.size(); i++) {
            if (settling.settledWith(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void settlesAfterTheSlowStartAndTheCatchUpOnlyOnceTwoIntervalsRunAtTheRate() {
        // a real run at 10,000 ev/s: 3,800/s, then 12,200/s catching up, then 10,600/s and 9,800/s
        List<String> lines = List.of("Publishing 10,000 reports/s for 600 s in batches of 1000 …",
                progress(5, "19,000", "0"), progress(10, "80,000", "0"), progress(15, "133,000", "0"),
                progress(20, "180,000", "2,000"), progress(25, "230,000", "2,000"));
        assertThat(settledAt(10_000, lines)).isEqualTo(4);
    }

    @Test
    void neverSettlesWhenTheStackCannotKeepUp() {
        List<String> lines = List.of(progress(5, "20,000", "0"), progress(10, "40,000", "0"),
                progress(15, "60,000", "0"), progress(20, "80,000", "0"));
        assertThat(settledAt(10_000, lines)).isEqualTo(-1);
    }

    @Test
    void readsTheCountsWhateverTheLocaleGroupsThemWith() {
        List<String> lines = List.of(progress(5, "50\u202f000", "0"), progress(10, "100.000", "0"),
                progress(15, "150\u00a0000", "0"), progress(20, "200000", "0"));
        assertThat(settledAt(10_000, lines)).isEqualTo(2);
    }
}
