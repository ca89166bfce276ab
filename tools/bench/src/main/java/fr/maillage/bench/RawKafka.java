package fr.maillage.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference: Kafka's own ProducerPerformance and ConsumerPerformance (kafka-tools, same version
 * as the broker) against the same broker in the same run, 500-byte records, acks=all, linger.ms=5,
 * lz4 and the tools' defaults otherwise — each in a JVM of its own, as a user would run them. The
 * topic has the activity topic's partitions and is made before the clock starts, and a first,
 * smaller pass warms the broker up and is not counted: the system measured against it is measured
 * warm too.
 */
final class RawKafka {

    /** As the activity topic a service creates (operations.md). */
    static final int PARTITIONS = 6;

    record Result(double producerRecordsPerSecond, double consumerRecordsPerSecond) {
    }

    static Result measure(String bootstrap, int records) throws Exception {
        pass(bootstrap, Math.max(10_000, records / 5)); // warm-up, not counted
        return pass(bootstrap, records);
    }

    private static Result pass(String bootstrap, int records) throws Exception {
        String topic = "bench.raw." + Long.toString(System.nanoTime(), 36);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        List<String> produced = run("org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", "500", "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all", "linger.ms=5", "compression.type=lz4");
        double producerRate = parse(produced, Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec"), 2);
        List<String> consumed = run("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrap,
                "--topic", topic, "--messages", Integer.toString(records), "--timeout", "60000");
        // CSV: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, …
        double consumerRate = Double.NaN;
        for (String line : consumed) {
            String[] fields = line.split(",\\s*");
            if (fields.length >= 6 && fields[0].matches("\\d{4}-.*")) {
                consumerRate = Double.parseDouble(fields[5]);
            }
        }
        if (Double.isNaN(consumerRate)) {
            throw new IllegalStateException("ConsumerPerformance said:\n" + String.join("\n", consumed));
        }
        return new Result(producerRate, consumerRate);
    }

    private static double parse(List<String> lines, Pattern pattern, int group) {
        double value = Double.NaN;
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                value = Double.parseDouble(matcher.group(group)); // the last summary line wins
            }
        }
        if (Double.isNaN(value)) {
            throw new IllegalStateException("unexpected output:\n" + String.join("\n", lines));
        }
        return value;
    }

    private static List<String> run(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader()) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(mainClass + " failed:\n" + String.join("\n", lines));
        }
        return lines;
    }

    private RawKafka() {
    }
}
