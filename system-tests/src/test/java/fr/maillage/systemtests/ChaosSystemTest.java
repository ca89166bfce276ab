package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short form of the chaos run, in CI: {@code ./maillage chaos --events 12000} on a stack of its
 * own (ports 26xxx, {@code .maillage-chaos}) kills reporting twice, kills and restarts Kafka, stops
 * MongoDB for 10 s and injects poison records while the simulator publishes; it then compares the
 * activity projections (the national cube and every tiers-lieu's counters) with what was accepted. The run must end with its result line, nothing lost or
 * doubled, and the poison dead-lettered rather than blocking the stream.
 */
class ChaosSystemTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    private static final Path ROOT = MODULE.getParent();
    private static final Pattern RESULT = Pattern.compile(
            "chaos: sent=(\\d+) counted=(\\d+) lost=(\\d+) duplicated=(\\d+) dead-lettered=(\\d+)");

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void nothingIsLostOrCountedTwiceWhilePartsAreKilled() throws Exception {
        Path log = MODULE.resolve("target/chaos.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder chaos = new ProcessBuilder(ROOT.resolve("maillage").toString(), "chaos", "--events", "12000")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        chaos.environment().put("MAILLAGE_NO_BUILD", "1"); // never a Maven build inside this Maven build
        Process process = chaos.start();
        boolean finished = process.waitFor(11, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        List<String> lines = Files.readAllLines(log, UTF_8);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        assertThat(finished).as("chaos finished within 11 minutes; its output ends with:\n%s", tail).isTrue();

        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        Matcher result = RESULT.matcher(last);
        assertThat(result.matches()).as("the last line is the result line; output ends with:\n%s", tail).isTrue();
        long sent = Long.parseLong(result.group(1));
        assertThat(sent).as("events accepted while the faults happened").isGreaterThan(1_000);
        assertThat(Long.parseLong(result.group(2))).as("counted").isEqualTo(sent);
        assertThat(Long.parseLong(result.group(3))).as("lost").isZero();
        assertThat(Long.parseLong(result.group(4))).as("duplicated").isZero();
        assertThat(Long.parseLong(result.group(5))).as("the three injected poison records, and nothing the outages"
                + " sent there").isEqualTo(3);
        assertThat(process.exitValue()).as("exit code of ./maillage chaos; output ends with:\n%s", tail).isZero();
    }
}
