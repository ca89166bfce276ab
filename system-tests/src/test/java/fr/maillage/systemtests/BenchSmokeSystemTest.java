package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short form of the benchmark, in CI: {@code ./maillage bench --quick} on a stack of its own
 * (ports 29xxx, {@code .maillage-bench}), its table written under target/ rather than into
 * docs/performance.md. A smoke test of the program (the reference's output read, every phase run,
 * the projections compared, the table and the last line written), not a measurement: it asserts
 * no figure, only that each was measured and that the projections equal what was sent.
 */
class BenchSmokeSystemTest {

    private static final String LAST_LINE = "bench: ingest=\\d+ ev/s \\(\\d+% of raw producer \\d+ ev/s\\), freshness p99=\\d+ ms, "
            + "rebuild=\\d+ ev/s \\(\\d+% of raw consumer \\d+ ev/s\\), query p99=\\d+ ms";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theQuickBenchMeasuresEveryFigureAndFindsTheProjectionsEqualToWhatWasSent() throws Exception {
        Path report = LongCommand.target("bench-smoke.md");
        Files.deleteIfExists(report);
        LongCommand bench = LongCommand.run("bench-smoke.log", Duration.ofMinutes(9), "bench", "--quick", "--report",
                report.toString());
        String tail = bench.tail();
        assertThat(bench.finished()).as("the quick bench finished within 9 minutes; its output ends with:\n%s", tail).isTrue();
        assertThat(bench.last()).as("exactly one bench: line, the last; output ends with:\n%s", tail).matches(LAST_LINE);
        assertThat(bench.lines().stream().filter(line -> line.startsWith("bench: ingest="))).hasSize(1);
        assertThat(bench.lines()).as(tail)
                .anyMatch(line -> line.contains("Projections as counted live") && line.endsWith(": equal"))
                .anyMatch(line -> line.contains("Projections after the rebuild") && line.endsWith(": equal"))
                .as("history written straight to the topic, replayed by the rebuild and found again")
                .anyMatch(line -> line.matches(".*History after the rebuild: [1-9]\\d{4,} reports .*: equal"));
        assertThat(bench.exitCode()).as("exit code; output ends with:\n%s", tail).isZero();

        String table = Files.readString(report, UTF_8);
        assertThat(table).contains("<!-- bench:start -->", "Last run of `./maillage bench --quick`", "<!-- bench:end -->")
                .contains("| projections equal what was sent | yes |")
                .containsPattern("\\| raw Kafka producer \\(reference\\) \\| [\\d,]+ rec/s \\|")
                .containsPattern("\\| dashboard queries p99 at 500 req/s, ingest at half peak \\| [\\d.]+ ms \\|")
                .doesNotContain("NaN", "unknown");
    }
}
