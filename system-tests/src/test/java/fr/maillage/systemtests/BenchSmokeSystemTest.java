package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    private static final Path ROOT = MODULE.getParent();
    private static final String LAST_LINE = "bench: ingest=\\d+ ev/s \\(\\d+% of raw producer \\d+ ev/s\\), freshness p99=\\d+ ms, "
            + "rebuild=\\d+ ev/s \\(\\d+% of raw consumer \\d+ ev/s\\), query p99=\\d+ ms";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theQuickBenchMeasuresEveryFigureAndFindsTheProjectionsEqualToWhatWasSent() throws Exception {
        Path log = MODULE.resolve("target/bench-smoke.log");
        Path report = MODULE.resolve("target/bench-smoke.md");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(report);
        ProcessBuilder bench = new ProcessBuilder(ROOT.resolve("maillage").toString(), "bench", "--quick",
                "--report", report.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        bench.environment().put("MAILLAGE_NO_BUILD", "1"); // never a Maven build inside this Maven build
        Process process = bench.start();
        boolean finished = process.waitFor(9, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        List<String> lines = Files.readAllLines(log, UTF_8);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        assertThat(finished).as("the quick bench finished within 9 minutes; its output ends with:\n%s", tail).isTrue();
        assertThat(lines).as("output ends with:\n%s", tail).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).as("exactly one bench: line, the last").matches(LAST_LINE);
        assertThat(lines.stream().filter(line -> line.startsWith("bench: ingest="))).hasSize(1);
        assertThat(lines).as(tail).anyMatch(line -> line.contains("Projections as counted live") && line.endsWith(": equal"))
                .anyMatch(line -> line.contains("Projections after the rebuild") && line.endsWith(": equal"));
        assertThat(process.exitValue()).as("exit code; output ends with:\n%s", tail).isZero();

        String table = Files.readString(report, UTF_8);
        assertThat(table).contains("<!-- bench:start -->", "Last run of `./maillage bench --quick`", "<!-- bench:end -->")
                .contains("| projections equal what was sent | yes |")
                .containsPattern("\\| raw Kafka producer \\(reference\\) \\| [\\d,]+ rec/s \\|")
                .containsPattern("\\| dashboard queries p99 at 500 req/s, ingest at half peak \\| [\\d.]+ ms \\|")
                .doesNotContain("NaN", "unknown");
    }
}
