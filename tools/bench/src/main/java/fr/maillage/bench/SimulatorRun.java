package fr.maillage.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Fabrique simulator as a process of its own (its output prefixed), with the totals it accepted. */
final class SimulatorRun {

    private final Process process;
    private final Path out;
    private final CountDownLatch publishing = new CountDownLatch(1);
    private final CountDownLatch steady = new CountDownLatch(1);
    private final Settling settling;
    /** The last progress line's seconds and reports accepted. */
    private volatile Progress progress = new Progress(0, 0);

    /** Where the run stood at its last progress line (every 5 s). */
    record Progress(long seconds, long accepted) {
        /** The rate accepted between an earlier progress and this one; NaN when no time passed. */
        double rateSince(Progress earlier) {
            return seconds > earlier.seconds ? (accepted - earlier.accepted) / (double) (seconds - earlier.seconds) : Double.NaN;
        }
    }

    /** Package-private for tests, which follow a stand-in process's output. */
    SimulatorRun(Process process, Path out, double rate) {
        this.process = process;
        this.out = out;
        this.settling = new Settling(rate);
        Thread reader = new Thread(this::relay, "simulator-output");
        reader.setDaemon(true);
        reader.start();
    }

    static SimulatorRun start(Endpoints stack, int publishers, double rate, int seconds, long seed) throws IOException {
        Path out = Files.createTempFile("maillage-bench-", ".json");
        // about one request a second per publisher, as a Fabrique's client would send, within the API's 1 to 1,000
        long batch = Math.max(1, Math.min(1000, Math.round(rate / publishers)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), "fr.maillage.simulator.Simulator",
                "--registry", stack.registry(), "--activity", stack.activity(), "--reporting", stack.reporting(),
                "--key-file", stack.keyFile().toString(), "--publishers", Integer.toString(publishers),
                "--rate", String.format(Locale.ROOT, "%.0f", Math.max(1, rate)), "--duration", seconds + "s",
                "--batch", Long.toString(batch), "--seed", Long.toString(seed), "--out", out.toString()));
        return new SimulatorRun(new ProcessBuilder(command).redirectErrorStream(true).start(), out, Math.max(1, rate));
    }

    private void relay() {
        try (var reader = process.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("  simulator | " + line);
                if (line.contains("Publishing")) {
                    publishing.countDown();
                }
                if (settling.settledWith(line)) {
                    steady.countDown();
                }
                Progress read = Settling.progressOf(line);
                if (read != null) {
                    progress = read;
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /**
     * Reads the simulator's progress lines ("[  15s] 133,000 reports accepted (8,859/s), 0 duplicates, …",
     * every 5 s: their seconds are rounded, so the interval is taken as 5 s). The load is steady once
     * two intervals in a row were accepted within 10 % of its rate: its first seconds are slower (its
     * own JVM compiling), the next faster (it catches up on its schedule).
     */
    static final class Settling {
        private static final Pattern PROGRESS = Pattern.compile(
                "^\\[\\s*(\\d+)s\\] ([\\d,.\\u00a0\\u202f]+) reports accepted .*?, ([\\d,.\\u00a0\\u202f]+) duplicates");

        private static final int INTERVAL_SECONDS = 5;

        private final double rate;
        private long lastSeconds;
        private long lastAccepted;
        private int intervalsOnRate;

        Settling(double rate) {
            this.rate = rate;
        }

        boolean settledWith(String line) {
            Progress progress = progressOf(line);
            if (progress == null) {
                return intervalsOnRate >= 2;
            }
            long seconds = progress.seconds();
            long accepted = progress.accepted();
            if (seconds > lastSeconds && lastSeconds > 0) {
                double intervalRate = (accepted - lastAccepted) / (double) INTERVAL_SECONDS;
                intervalsOnRate = Math.abs(intervalRate - rate) <= 0.1 * rate ? intervalsOnRate + 1 : 0;
            }
            lastSeconds = seconds;
            lastAccepted = accepted;
            return intervalsOnRate >= 2;
        }

        static Progress progressOf(String line) {
            Matcher progress = PROGRESS.matcher(line);
            // accepted only: the batches sent twice on purpose come on top of the rate asked, as duplicates
            return progress.find() ? new Progress(Long.parseLong(progress.group(1)), digits(progress.group(2))) : null;
        }

        private static long digits(String grouped) {
            return Long.parseLong(grouped.replaceAll("\\D", ""));
        }
    }

    /** Waits until the load runs at its rate (see {@link Settling}); says so and goes on if it never does. */
    void awaitSteady(Duration timeout) throws InterruptedException {
        awaitPublishing();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!steady.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return; // its exit is reported by await()
            }
        }
        if (steady.getCount() > 0 && process.isAlive()) {
            System.out.printf(Locale.ROOT, "  the load did not settle at its rate within %d s; measuring anyway%n",
                    timeout.toSeconds());
        }
    }

    Progress progress() {
        return progress;
    }

    /**
     * The first progress line after the one current now: with {@link #progress()} taken before a
     * measurement, the two enclose it, however short it was (progress lines are 5 s apart). The
     * current one if the run ends or no line comes within the timeout (then no rate, if nothing
     * passed since the earlier reading).
     */
    Progress nextProgress(Duration timeout) throws InterruptedException {
        Progress now = progress;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (progress.seconds() <= now.seconds() && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return progress;
    }

    void awaitPublishing() throws InterruptedException {
        if (!publishing.await(3, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the simulator did not start publishing within 3 minutes");
        }
    }

    /** Ends the run now, as its duration would have (batches under way are settled); then {@link #await()}. */
    void stop() throws IOException {
        var input = process.getOutputStream();
        input.write("stop\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        input.flush();
    }

    JsonNode await() throws IOException, InterruptedException {
        int code = process.waitFor();
        if (code != 0) {
            throw new IllegalStateException("the simulator failed (exit " + code + ")");
        }
        JsonNode json = Http.JSON.readTree(Files.readString(out));
        Files.deleteIfExists(out);
        return json;
    }
}
