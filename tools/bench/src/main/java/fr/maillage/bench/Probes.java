package fr.maillage.bench;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Latency measurements taken while load runs: freshness, outbox, dashboard queries. */
final class Probes {

    /** A Fabrique of the bench's own, publishing for one place, registered through the API. */
    record Publisher(String key, String placeId) {
    }

    private static final int OUTBOX_WARM_UP_WRITES = 5;

    private final Stack stack;
    private final String nationalKey;

    Probes(Stack stack, String nationalKey) {
        this.stack = stack;
        this.nationalKey = nationalKey;
    }

    Publisher registerPublisher(String name) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        JsonNode organisation = Http.expect(201, Http.post(stack.registry() + "/api/v1/organisations", nationalKey,
                Map.of("name", name, "kind", "ASSOCIATION", "siret", Http.siret(System.nanoTime()),
                        "roles", List.of("FABRIQUE"))), "register the probe organisation").json();
        String organisationId = organisation.get("id").asString();
        String key = Http.expect(201, Http.post(stack.registry() + "/api/v1/organisations/" + organisationId
                + "/api-keys", nationalKey, Map.of()), "issue the probe key").json().get("apiKey").asString();
        String placeId = Http.expect(201, Http.post(stack.registry() + "/api/v1/third-places", nationalKey,
                Map.of("name", name + " " + run, "communeCode", "35238", "operatorId", organisationId)),
                "register the probe place").json().get("id").asString();
        // activity-service learns the key and the place from the registry's state topic
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Http.Answer answer = Http.post(stack.activity() + "/api/v1/monthly-indicators", key, Map.of("indicators",
                    List.of(Map.of("reportId", "probe-ready-" + run, "thirdPlaceId", placeId, "month", "2001-01",
                            "members", 1))));
            if (answer.status() == 202 && !answer.body().contains("REJECTED")) {
                return new Publisher(key, placeId);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("activity-service never accepted the probe publisher");
    }

    /**
     * From the 202 of a one-report batch to the report counted in GET /api/v1/activity. Probes use
     * January 2001, a month no other publisher uses, so the count is theirs alone. A probe is sent
     * once the previous one is counted, {@code spacing} later: each sample is corrected for the probes
     * a fixed schedule would have sent meanwhile ({@link Latencies#addWithExpectedInterval}).
     */
    Latencies freshness(Publisher probe, int probes, Duration spacing) throws Exception {
        Latencies latencies = new Latencies();
        String window = stack.reporting() + "/api/v1/activity?from=2001-01-01&to=2001-01-31";
        long base = Http.get(window, null).json().path("reports").asLong();
        for (int i = 1; i <= probes; i++) {
            Http.Answer answer = Http.post(stack.activity() + "/api/v1/activity-reports", probe.key(), Map.of("reports",
                    List.of(Map.of("reportId", "fresh-" + UUID.randomUUID(), "thirdPlaceId", probe.placeId(),
                            "date", "2001-01-15", "category", "OTHER", "participants", 1))));
            long accepted = System.nanoTime();
            Http.expect(202, answer, "freshness probe");
            long deadline = accepted + TimeUnit.SECONDS.toNanos(30);
            while (Http.get(window, null).json().path("reports").asLong() < base + i) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a probe report was not counted within 30 s");
                }
                // a poll every 2 ms: finer than any target, and the probe does not load the service it measures
                Thread.sleep(2);
            }
            latencies.addWithExpectedInterval((System.nanoTime() - accepted) / 1000, spacing.toNanos() / 1000);
            Thread.sleep(spacing.toMillis());
        }
        return latencies;
    }

    /**
     * From sending a registry write to its event read back from maillage.registry.events.v1, the
     * next write sent {@code spacing} after that. Each event makes three other services update
     * their replica of the registry (six commits in the shared embedded store): with no spacing, a
     * write waits behind the previous one's replication and the figure is that of back-to-back
     * writes; spaced like the freshness probes, it is the latency of a write on its own. Spaced
     * writes are corrected for coordinated omission as the freshness probes are.
     */
    Latencies outbox(int writes, Duration spacing) throws Exception {
        Latencies latencies = new Latencies();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", stack.kafka(),
                "group.id", "bench-outbox-" + UUID.randomUUID(), "auto.offset.reset", "latest",
                "fetch.max.wait.ms", "5"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("maillage.registry.events.v1"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position);
            // the first writes of a fresh registry pay for class loading and a cold JIT in the HTTP path:
            // they are made, waited for and left out, so that the figure is the relay's steady latency
            for (int i = -OUTBOX_WARM_UP_WRITES; i < writes; i++) {
                boolean measured = i >= 0;
                String id = "bench-outbox-" + UUID.randomUUID();
                sentAt.put(id, System.nanoTime());
                Http.expect(201, Http.post(stack.registry() + "/api/v1/third-places", nationalKey,
                        Map.of("id", id, "name", "Mesure " + i, "communeCode", "69123")), "outbox probe");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                boolean seen = false;
                while (!seen && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                        Long sent = sentAt.remove(record.key());
                        if (sent != null) {
                            if (measured) {
                                latencies.addWithExpectedInterval((System.nanoTime() - sent) / 1000,
                                        spacing.toNanos() / 1000);
                            }
                            seen = record.key().equals(id) || seen;
                        }
                    }
                }
                if (!seen) {
                    throw new IllegalStateException("registry event of " + id + " not seen within 30 s");
                }
                Thread.sleep(spacing.toMillis());
            }
        }
        return latencies;
    }

    /** What a query phase measured: the answers' latencies, and how many requests failed (not in them). */
    record Queries(Latencies latencies, long failed, long sent) {
    }

    /**
     * Dashboard queries at a fixed rate (an open model: latency counts from when a request was due,
     * so a slow answer delays nothing it shouldn't hide), asked as the dashboard's page asks them:
     * the overview, then its four breakdowns. A failed request is no sample (a fast refusal would
     * flatter the percentiles); more than 1 % failing fails the phase.
     */
    Queries queries(int perSecond, Duration duration) throws Exception {
        Latencies latencies = new Latencies();
        List<String> urls = List.of(stack.reporting() + "/api/v1/overview", stack.reporting() + "/api/v1/activity",
                stack.reporting() + "/api/v1/fabriques", stack.reporting() + "/api/v1/premises-summary",
                stack.reporting() + "/api/v1/funds-summary");
        ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(64);
        workers.prestartAllCoreThreads(); // the probe's own threads are started before its clock
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long total = perSecond * duration.toSeconds();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (long i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String url = urls.get((int) (i % urls.size()));
            workers.execute(() -> {
                boolean answered;
                try {
                    answered = Http.getAsDashboard(url) == 200;
                } catch (Exception e) {
                    answered = false;
                }
                if (answered) {
                    latencies.add((System.nanoTime() - due) / 1000);
                } else {
                    errors.incrementAndGet();
                }
            });
        }
        workers.shutdown();
        if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("dashboard queries still unanswered 60 s after the last was due");
        }
        if (errors.get() > total / 100) {
            throw new IllegalStateException(errors.get() + " of " + total + " dashboard queries failed");
        }
        return new Queries(latencies, errors.get(), total);
    }

}
