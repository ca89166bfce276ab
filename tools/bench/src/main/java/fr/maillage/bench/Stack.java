package fr.maillage.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stack of its own for a measurement or a chaos run, started and stopped with the launcher under
 * a separate MAILLAGE_HOME and shifted ports, so a developer's running stack is left alone and the
 * projections hold only what this run sent.
 */
final class Stack implements Endpoints {

    final Path root;
    final Path home;
    final int kafkaPort;
    final int mongoPort;
    final int registryPort;
    final int activityPort;
    final int partnershipPort;
    final int reportingPort;

    Stack(Path root, Path home, int portBase) {
        this.root = root;
        this.home = home;
        this.kafkaPort = portBase + 92;
        this.mongoPort = portBase + 17;
        this.registryPort = portBase + 81;
        this.activityPort = portBase + 82;
        this.partnershipPort = portBase + 83;
        this.reportingPort = portBase + 84;
    }

    @Override
    public String kafka() {
        return "localhost:" + kafkaPort;
    }

    @Override
    public String registry() {
        return "http://localhost:" + registryPort;
    }

    @Override
    public String activity() {
        return "http://localhost:" + activityPort;
    }

    @Override
    public String reporting() {
        return "http://localhost:" + reportingPort;
    }

    @Override
    public Path keyFile() {
        return home.resolve("national.key");
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("MAILLAGE_HOME", home.toString());
        env.put("MAILLAGE_KAFKA_PORT", Integer.toString(kafkaPort));
        env.put("MAILLAGE_KAFKA_CONTROLLER_PORT", Integer.toString(kafkaPort + 1));
        env.put("MAILLAGE_MONGODB_PORT", Integer.toString(mongoPort));
        env.put("MAILLAGE_REGISTRY_PORT", Integer.toString(registryPort));
        env.put("MAILLAGE_ACTIVITY_PORT", Integer.toString(activityPort));
        env.put("MAILLAGE_PARTNERSHIP_PORT", Integer.toString(partnershipPort));
        env.put("MAILLAGE_REPORTING_PORT", Integer.toString(reportingPort));
        // set explicitly: a launcher that started this program exported the default stack's addresses
        env.put("MAILLAGE_KAFKA_BOOTSTRAP", kafka());
        env.put("MAILLAGE_MONGODB_URI", "mongodb://localhost:" + mongoPort);
        env.put("MAILLAGE_NO_BUILD", "1");
        return env;
    }

    /** Runs {@code ./maillage <args>} for this stack; returns its exit code, output shown with a prefix. */
    int launcher(List<String> out, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("maillage").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process process = builder.start();
        try (var reader = process.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out != null) {
                    out.add(line);
                }
            }
        }
        return process.waitFor();
    }

    /**
     * How long {@code ./maillage up} took with no data: each of the later starts (class archives
     * of an earlier one), and a user's first start after a build when there was one to make.
     */
    record Startup(List<Double> seconds, double firstSeconds) {

        /** The median of the later starts: one start on these shared machines moved by ±5 s. */
        double median() {
            List<Double> sorted = seconds.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }

    /**
     * Starts {@code times} times with no data at all (no topics, no documents, no key), the stack
     * left up after the last; answers the seconds until every part was healthy. The launcher's
     * build products under {@code app/} (the extracted jars and the class-data archives that a
     * first run records when it stops) are what a build leaves, not data: a start that finds none
     * is made and stopped first and reported as the first start.
     */
    Startup upFresh(int times) throws IOException, InterruptedException {
        double first = Double.NaN;
        if (!hasClassArchives()) {
            first = upEmpty();
            launcher(null, "down"); // each service writes its archive as it exits
        }
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            seconds.add(upEmpty());
        }
        return new Startup(List.copyOf(seconds), first);
    }

    /** Stops the stack, deletes its data and starts it; returns the seconds until every part was healthy. */
    double upEmpty() throws IOException, InterruptedException {
        launcher(null, "down");
        deleteData();
        return up();
    }

    private double up() throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<String> out = new ArrayList<>();
        int code = launcher(out, "up");
        if (code != 0) {
            throw new IllegalStateException("./maillage up failed:\n" + String.join("\n", out));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Whether every service has a class archive recorded from its current jar by this JVM with
     * these options (the launcher records it again after a build, and for another JVM or other
     * options: its {@code .for} file says what recorded it, the resolved java first).
     */
    private boolean hasClassArchives() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString();
        String options = System.getenv().getOrDefault("MAILLAGE_JAVA_OPTS", "").trim();
        for (String part : List.of("registry", "activity", "partnership", "reporting")) {
            Path jar = root.resolve("services/" + part + "-service/target/" + part + "-service.jar");
            Path archive = home.resolve("app/" + part + "/" + part + ".jsa");
            Path recordedBy = home.resolve("app/" + part + "/" + part + ".jsa.for");
            if (!Files.isRegularFile(archive) || !Files.isRegularFile(jar) || !Files.isRegularFile(recordedBy)
                    || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                return false;
            }
            String signature = Files.readString(recordedBy, StandardCharsets.UTF_8);
            if (!signature.startsWith(java + " ") || !signature.contains(options)) {
                return false;
            }
        }
        return true;
    }

    private void deleteData() throws IOException {
        if (!Files.isDirectory(home)) {
            return;
        }
        try (var entries = Files.list(home)) {
            for (Path entry : entries.filter(path -> !path.getFileName().toString().equals("app")).toList()) {
                deleteRecursively(entry);
            }
        }
    }

    /** The parts {@code ./maillage up} runs: a reading of fewer left one out (a part that died). */
    static final int PARTS = 6;

    /**
     * Resident memory of the whole stack in MiB, from {@code ./maillage mem}; -1 when it cannot be
     * read, or when a part is not running (its memory would be missing from the total).
     */
    long residentMiB() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        launcher(out, "mem");
        return residentMiB(out);
    }

    static long residentMiB(List<String> memOutput) {
        Pattern total = Pattern.compile("total\\s+(\\d+) MiB resident \\((\\d+) processes\\)");
        for (String line : memOutput) {
            Matcher matcher = total.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(2)) == PARTS ? Long.parseLong(matcher.group(1)) : -1;
            }
        }
        return -1;
    }

    void down() throws IOException, InterruptedException {
        launcher(null, "down");
    }

    /** {@link #down()} from a shutdown hook: nothing to report to, and nothing to interrupt. */
    void downQuietly() {
        try {
            down();
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("could not stop the stack under " + home + ": " + e);
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
