package fr.maillage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

    private static final Pattern RESULT = Pattern.compile(
            "chaos: sent=(\\d+) counted=(\\d+) lost=(\\d+) duplicated=(\\d+) refused=(\\d+) unsettled=(\\d+)"
                    + " dead-lettered=(\\d+)");

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void nothingIsLostOrCountedTwiceWhilePartsAreKilled() throws Exception {
        LongCommand chaos = LongCommand.run("chaos.log", Duration.ofMinutes(11), "chaos", "--events", "12000");
        String tail = chaos.tail();
        assertThat(chaos.finished()).as("chaos finished within 11 minutes; its output ends with:\n%s", tail).isTrue();

        Matcher result = RESULT.matcher(chaos.last());
        assertThat(result.matches()).as("the last line is the result line; output ends with:\n%s", tail).isTrue();
        long sent = Long.parseLong(result.group(1));
        assertThat(sent).as("events accepted while the faults happened").isGreaterThan(1_000);
        assertThat(Long.parseLong(result.group(2))).as("counted").isEqualTo(sent);
        assertThat(Long.parseLong(result.group(3))).as("lost").isZero();
        assertThat(Long.parseLong(result.group(4))).as("duplicated").isZero();
        assertThat(Long.parseLong(result.group(5))).as("valid reports refused (the comparison leaves them out)").isZero();
        assertThat(Long.parseLong(result.group(6))).as("batches never answered 202, even sent again").isZero();
        assertThat(Long.parseLong(result.group(7))).as("the three injected poison records, and nothing the outages"
                + " sent there").isEqualTo(3);
        assertThat(chaos.exitCode()).as("exit code of ./maillage chaos; output ends with:\n%s", tail).isZero();
    }
}
