package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long command of the launcher ({@code ./maillage chaos}, {@code bench --quick}) run to its end
 * with its output in target/: never a Maven build inside this Maven build, and killed with what it
 * started when it overruns.
 */
record LongCommand(boolean finished, int exitCode, List<String> lines) {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    static final Path ROOT = MODULE.getParent();

    static LongCommand run(String logName, Duration timeout, String... arguments) throws IOException, InterruptedException {
        Path log = MODULE.resolve("target").resolve(logName);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("maillage").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("MAILLAGE_NO_BUILD", "1");
        // a part's first start after the build (jars extracted, class archives recorded) on a busy 2-core
        // machine has taken more than the launcher's 90 s default; the commands' own timeouts still bound it
        builder.environment().putIfAbsent("MAILLAGE_UP_TIMEOUT", "240");
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
        return new LongCommand(finished, finished ? process.exitValue() : -1, Files.readAllLines(log, UTF_8));
    }

    static Path target(String name) {
        return MODULE.resolve("target").resolve(name);
    }

    String last() {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The last 40 lines, for an assertion's message. */
    String tail() {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
