package fr.maillage.bench;

import fr.maillage.events.activity.ActivityEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./maillage chaos}: the simulator publishes while the stack is broken on purpose —
 * reporting-service killed (SIGKILL) twice, the Kafka broker killed and restarted, the MongoDB-wire
 * server stopped for 10 s — and a few poison records are injected. After recovery the activity
 * projections (the national cube and every tiers-lieu's counters) are compared with what the
 * simulator had accepted. Exits 0 only when nothing was lost or doubled, and nothing the simulator
 * sent was refused or left unsettled.
 */
public final class Chaos {

    private static final String ACTIVITY_TOPIC = Tally.ACTIVITY_TOPIC;

    public static void main(String[] args) throws Exception {
        FaultRunOptions options = FaultRunOptions.parse("chaos", args);
        Path root = options.root();
        long events = options.events();
        Stack stack = new Stack(root, root.resolve(".maillage-chaos"), 26_000);
        boolean ok;
        Thread stopOnInterrupt = new Thread(stack::downQuietly, "chaos-stop"); // Ctrl-C: its stack goes too
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            ok = run(stack, events);
        } finally {
            stack.down();
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(Stack stack, long events) throws Exception {
        say("Starting a fresh stack of its own under %s …", stack.home);
        stack.upEmpty();
        // long enough for every fault to happen while publishing, at a rate that lands on `events`
        int seconds = 60;
        double rate = Math.max(50, events / (double) seconds);
        SimulatorRun simulator = SimulatorRun.start(stack, 8, rate, seconds, 707);
        simulator.awaitPublishing();

        pause(5);
        kill(stack, "reporting");
        pause(3);
        up(stack, "reporting");
        injectPoison(stack);
        pause(4);
        kill(stack, "kafka");
        pause(3);
        up(stack, "kafka");
        pause(4);
        say("stopping the MongoDB-wire server for 10 s");
        stack.launcher(null, "down", "mongodb");
        pause(10);
        up(stack, "mongodb");
        pause(4);
        kill(stack, "reporting");
        pause(2);
        up(stack, "reporting");

        JsonNode sent = simulator.await();
        say("publishing over; bringing back whatever is down and waiting for the projections …");
        up(stack);
        Map<String, Long> counted = Tally.withPlaces(Tally.awaitSettled(stack.reporting(), sent.path("reports").asLong(),
                Duration.ofMinutes(5), Duration.ofSeconds(3)), stack.reporting(),
                Files.readString(stack.keyFile()).trim(), sent);
        Tally.Result result = Tally.compare(sent, counted, System.out::println);
        long deadLettered = Tally.deadLettered(stack.kafka());
        // what was compared is what activity accepted: refusing valid reports, or never settling a
        // batch, would leave them out of both sides
        long refused = Tally.refused(sent);
        long unsettled = Tally.unsettled(sent);
        System.out.printf("chaos: sent=%d counted=%d lost=%d duplicated=%d refused=%d unsettled=%d dead-lettered=%d%n",
                result.sent(), result.counted(), result.lost(), result.duplicated(), refused, unsettled, deadLettered);
        return result.exact() && refused == 0 && unsettled == 0;
    }

    /** Malformed and contract-breaking records, which must end in the dead-letter topic. */
    private static void injectPoison(Stack stack) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", stack.kafka(),
                "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(ACTIVITY_TOPIC, "poison-1", "{not json".getBytes(StandardCharsets.UTF_8))).get();
            ProducerRecord<String, byte[]> noPayloadFields = new ProducerRecord<>(ACTIVITY_TOPIC, "poison-2",
                    "{\"reportId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            Map.of("ce_specversion", "1.0", "ce_id", "poison-2", "ce_source", ActivityEvents.REPORT_PUBLISHED.source(),
                            "ce_type", ActivityEvents.REPORT_PUBLISHED.ceType(), "ce_subject", "poison-2",
                            "ce_time", "2026-11-29T10:00:00Z", "content-type", "application/json")
                    .forEach((name, value) -> noPayloadFields.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(noPayloadFields).get();
            ProducerRecord<String, byte[]> badTime = new ProducerRecord<>(ACTIVITY_TOPIC, "poison-3",
                    "{}".getBytes(StandardCharsets.UTF_8));
            Map.of("ce_specversion", "1.0", "ce_id", "poison-3", "ce_source", ActivityEvents.REPORT_PUBLISHED.source(),
                            "ce_type", ActivityEvents.REPORT_PUBLISHED.ceType(), "ce_subject", "poison-3",
                            "ce_time", "yesterday")
                    .forEach((name, value) -> badTime.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(badTime).get();
        }
        say("injected 3 poison records into %s", ACTIVITY_TOPIC);
    }

    private static void kill(Stack stack, String part) throws Exception {
        Path pidFile = stack.home.resolve("run").resolve(part + ".pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().join());
        say("killed %s (SIGKILL, pid %d)", part, pid);
    }

    private static void up(Stack stack, String... parts) throws Exception {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(List.of(parts));
        List<String> out = new ArrayList<>();
        int code = stack.launcher(out, args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("./maillage up " + String.join(" ", parts) + " failed:\n" + String.join("\n", out));
        }
        say("./maillage %s: up again", parts.length == 0 ? "up" : "up " + String.join(" ", parts));
    }

    private static void pause(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    private static void say(String format, Object... args) {
        System.out.println("chaos: " + String.format(java.util.Locale.ROOT, format, args));
    }

    private Chaos() {
    }
}
