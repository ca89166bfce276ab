package fr.maillage.bench;

import fr.maillage.simulator.Simulator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SettlingTest {

    /** A progress line as the simulator writes it. */
    private static String progress(int seconds, long accepted, long duplicates) {
        return String.format(Locale.ROOT, Simulator.PROGRESS, (double) seconds, accepted, accepted / (double) seconds,
                duplicates, 0L, 0L, 0L, 0L);
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
                progress(5, 19_000, 0), progress(10, 80_000, 0), progress(15, 133_000, 0),
                progress(20, 180_000, 2_000), progress(25, 230_000, 2_000));
        assertThat(settledAt(10_000, lines)).isEqualTo(4);
    }

    @Test
    void neverSettlesWhenTheStackCannotKeepUp() {
        List<String> lines = List.of(progress(5, 20_000, 0), progress(10, 40_000, 0),
                progress(15, 60_000, 0), progress(20, 80_000, 0));
        assertThat(settledAt(10_000, lines)).isEqualTo(-1);
    }

    @Test
    void readsTheCountsWhateverTheLocaleGroupsThemWith() {
        List<String> lines = List.of("[   5s] 50\u202f000 reports accepted (1/s), 0 duplicates, 0 rejected",
                "[  10s] 100.000 reports accepted (1/s), 0 duplicates, 0 rejected",
                "[  15s] 150\u00a0000 reports accepted (1/s), 0 duplicates, 0 rejected",
                "[  20s] 200000 reports accepted (1/s), 0 duplicates, 0 rejected");
        assertThat(settledAt(10_000, lines)).isEqualTo(2);
    }

    @Test
    void theLoadUnderAMeasurementIsReadFromTheProgressLinesAroundIt() {
        SimulatorRun.Progress before = SimulatorRun.Settling.progressOf(progress(20, 40_000, 500));
        SimulatorRun.Progress after = SimulatorRun.Settling.progressOf(progress(35, 70_000, 2_000));
        assertThat(after.rateSince(before)).as("accepted only: the batches sent again come on top of the rate asked")
                .isEqualTo((70_000 - 40_000) / 15.0);
        assertThat(after.rateSince(after)).as("no time passed").isNaN();
        assertThat(SimulatorRun.Settling.progressOf("Publishing …")).isNull();
    }

    @Test
    void aMeasurementShorterThanTheProgressIntervalIsEnclosedByTheNextLine() throws Exception {
        // a stand-in for the simulator: one progress line, a measurement shorter than the next
        // interval, then the next line; a rate read at the measurement's end alone would be NaN
        Process lines = new ProcessBuilder("sh", "-c", "printf '%s\\n' \"$0\"; sleep 2; printf '%s\\n' \"$1\"; sleep 30",
                progress(5, 10_000, 0), progress(10, 20_000, 0)).start();
        SimulatorRun run = new SimulatorRun(lines, Path.of("unused.json"), 2_000);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> run.progress().seconds() == 5);
            SimulatorRun.Progress before = run.progress();
            assertThat(run.progress().rateSince(before)).as("read at once: no time passed").isNaN();
            SimulatorRun.Progress after = run.nextProgress(Duration.ofSeconds(10));
            assertThat(after.seconds()).isEqualTo(10);
            assertThat(after.rateSince(before)).isEqualTo(2_000.0);
        } finally {
            lines.destroyForcibly();
        }
    }
}
