package fr.maillage.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The Fabrique simulator as a process of its own (its output prefixed), with the totals it accepted. */
final class SimulatorRun {

    private final Process process;
    private final Path out;
    private final CountDownLatch publishing = new CountDownLatch(1);

    private SimulatorRun(Process process, Path out) {
        this.process = process;
        this.out = out;
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
        return new SimulatorRun(new ProcessBuilder(command).redirectErrorStream(true).start(), out);
    }

    private void relay() {
        try (var reader = process.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("  simulator | " + line);
                if (line.contains("Publishing")) {
                    publishing.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
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
