package fr.maillage.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the simulator sent against what reporting counted: totals and their breakdowns by category,
 * month and région (the national cube), and per tiers-lieu (counter documents of their own), read
 * from reporting's activity API (chaos and cluster runs share it).
 */
final class Tally {

    static final String ACTIVITY_TOPIC = "maillage.activity.events.v1";

    /**
     * The outcome of one comparison: reports missing and reports counted more than sent (summed over
     * the régions, so that a loss in one and a double count in another do not cancel out), and how
     * many figures differ at all (totals, participants, hours and every breakdown).
     */
    record Result(long sent, long counted, long lost, long duplicated, int mismatches) {
        boolean exact() {
            return lost == 0 && duplicated == 0 && mismatches == 0;
        }
    }

    /** Compares what was sent with what was counted; names each figure that differs. */
    static Result compare(JsonNode sent, Map<String, Long> counted, Consumer<String> say) {
        return compare(flatten(sent), counted, say);
    }

    /** Compares figures as {@link #flatten} gives them (summed over several runs, say) with what was counted. */
    static Result compare(Map<String, Long> expected, Map<String, Long> counted, Consumer<String> say) {
        long lost = 0;
        long duplicated = 0;
        int mismatches = 0;
        for (String key : union(expected, counted)) {
            long difference = counted.getOrDefault(key, 0L) - expected.getOrDefault(key, 0L);
            if (difference == 0) {
                continue;
            }
            mismatches++;
            if (key.startsWith("byRegion.") && key.endsWith(".reports")) {
                if (difference < 0) {
                    lost += -difference;
                } else {
                    duplicated += difference;
                }
            }
            say.accept(String.format("  %s: sent %d, counted %d", key, expected.getOrDefault(key, 0L),
                    counted.getOrDefault(key, 0L)));
        }
        return new Result(expected.getOrDefault("reports", 0L), counted.getOrDefault("reports", 0L), lost, duplicated,
                mismatches);
    }

    /** Totals and their breakdowns as one flat map, e.g. "byCategory.WORKSHOP.reports" or "byPlace.tl-1.hours". */
    static Map<String, Long> flatten(JsonNode totals) {
        Map<String, Long> flat = new HashMap<>();
        putFigures(flat, "", totals);
        for (String dimension : List.of("byCategory", "byMonth", "byRegion", "byPlace")) {
            JsonNode breakdown = totals.path(dimension);
            for (Iterator<String> it = breakdown.propertyNames().iterator(); it.hasNext(); ) {
                String key = it.next();
                JsonNode value = breakdown.get(key);
                if (value.isNumber()) {
                    flat.put(dimension + "." + key + ".reports", value.asLong());
                } else {
                    putFigures(flat, dimension + "." + key + ".", value);
                }
            }
        }
        return flat;
    }

    /**
     * Reports, participants and hours (in hundredths) under a prefix: a revision keeps its place,
     * month and category, so counting one twice shows only in its participants and hours.
     */
    private static void putFigures(Map<String, Long> flat, String prefix, JsonNode figures) {
        flat.put(prefix + "reports", figures.path("reports").asLong());
        flat.put(prefix + "participants", figures.path("participants").asLong());
        flat.put(prefix + "hours", Math.round(figures.path("hours").asDouble() * 100));
    }

    /** What one reporting instance counts now, over every month the simulator uses. */
    static Map<String, Long> counted(String reporting) throws Exception {
        return flatten(Http.expect(200, Http.get(reporting + "/api/v1/activity?" + MONTHS, null),
                "read the activity totals").json());
    }

    /**
     * The national figures with, for every tiers-lieu the simulator published for, its own count
     * (read with the national key, once the national figures have settled).
     */
    static Map<String, Long> withPlaces(Map<String, Long> counted, String reporting, String nationalKey, JsonNode sent)
            throws Exception {
        return withPlaces(counted, reporting, nationalKey, sent.path("byPlace").propertyNames());
    }

    /** The same, for the tiers-lieux named. */
    static Map<String, Long> withPlaces(Map<String, Long> counted, String reporting, String nationalKey,
                                        Iterable<String> places) throws Exception {
        Map<String, Long> all = new HashMap<>(counted);
        for (String place : places) {
            JsonNode activity = Http.expect(200, Http.get(reporting + "/api/v1/activity/places/" + place + "?" + MONTHS,
                    nationalKey), "read the activity of " + place).json();
            putFigures(all, "byPlace." + place + ".", activity);
        }
        return all;
    }

    private static final String MONTHS = "from=2019-01&to=" + LocalDate.now().plusYears(1).toString().substring(0, 7);

    /**
     * Polls reporting until its totals reach what was sent and then stay the same for {@code quiet}
     * (anything doubled would show up meanwhile), or the time is up; answers the last totals read.
     */
    static Map<String, Long> awaitSettled(String reporting, long reports, Duration timeout, Duration quiet)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> last = Map.of();
        long stableSince = 0;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Long> now = counted(reporting);
                if (!now.equals(last)) {
                    stableSince = System.nanoTime();
                    last = now;
                }
                if (last.getOrDefault("reports", 0L) >= reports && System.nanoTime() - stableSince >= quiet.toNanos()) {
                    return last;
                }
            } catch (Exception e) {
                // reporting is still coming back
            }
            Thread.sleep(500);
        }
        return last;
    }

    /** Items the simulator's run was answered REJECTED: none when every report it sends is valid. */
    static long refused(JsonNode sent) {
        return sent.path("run").path("rejected").asLong();
    }

    /** Batches the simulator's run never got a 202 for, even when it sent them again at its end. */
    static long unsettled(JsonNode sent) {
        return sent.path("run").path("failedBatches").asLong();
    }

    /**
     * Records of the activity stream in its dead-letter topic (every consumer of it writes there),
     * each counted once: a batch retried after a failure that followed its dead letters' sends
     * (a checkpoint not saved, a process killed) sends them again, as at-least-once allows.
     */
    static long deadLettered(String kafka) throws Exception {
        String dlq = ACTIVITY_TOPIC + ".dlq";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(dlq)) {
                return 0;
            }
        }
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(info -> new TopicPartition(dlq, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Set<String> sources = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + dlq + " to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    sources.add(header(record, "dlq_source_topic") + "/" + header(record, "dlq_source_partition")
                            + "@" + header(record, "dlq_source_offset"));
                }
            }
            return sources.size();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> union(Map<String, Long> a, Map<String, Long> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(key -> !a.containsKey(key)).forEach(keys::add);
        return keys;
    }

    private Tally() {
    }
}
