package fr.maillage.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./maillage dlq list} shows what sits in the dead-letter topics and why;
 * {@code ./maillage dlq replay <topic>} sends those records back to their source topic once the
 * cause is fixed. Replay remembers how far it went (a consumer group of its own), so replaying
 * again sends only what arrived since; and consumers deduplicate, so a replayed record that was
 * in fact applied changes nothing.
 */
public final class DeadLetterTool {

    private static final String SUFFIX = ".dlq";

    public static void main(String[] args) {
        String bootstrap = System.getenv().getOrDefault("MAILLAGE_KAFKA_BOOTSTRAP", "localhost:9092");
        String usage = "usage: dlq list [N] | dlq replay <topic>";
        try {
            if (args.length >= 1 && args.length <= 2 && args[0].equals("list")) {
                int shown = args.length > 1 ? Integer.parseInt(args[1]) : 20;
                if (shown < 0) {
                    throw new NumberFormatException("negative");
                }
                list(bootstrap, shown);
            } else if (args.length == 2 && args[0].equals("replay")) {
                replay(bootstrap, args[1].endsWith(SUFFIX) ? args[1] : args[1] + SUFFIX);
            } else {
                System.err.println(usage);
                System.exit(2);
            }
        } catch (NumberFormatException e) {
            System.err.println("N must be a whole number of records to show, 0 or more; " + usage);
            System.exit(2);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("Cannot reach Kafka at " + bootstrap + " (is the stack up? ./maillage status): " + e);
            System.exit(1);
        }
    }

    private static Set<String> deadLetterTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 5000))) {
            Set<String> topics = new TreeSet<>();
            admin.listTopics().names().get(15, TimeUnit.SECONDS).stream().filter(t -> t.endsWith(SUFFIX)).forEach(topics::add);
            return topics;
        }
    }

    static void list(String bootstrap, int shown) throws Exception {
        Set<String> topics = deadLetterTopics(bootstrap);
        if (topics.isEmpty()) {
            System.out.println("No dead-letter topic yet.");
            return;
        }
        for (String topic : topics) {
            List<ConsumerRecord<String, byte[]>> records = readAll(bootstrap, topic);
            System.out.printf("%s: %d record(s)%n", topic, records.size());
            for (ConsumerRecord<String, byte[]> record : records.subList(Math.max(0, records.size() - shown), records.size())) {
                System.out.printf("  %s  from %s-%s@%s  key=%s  type=%s%n      reason: %s%n",
                        header(record, "dlq_time"), header(record, "dlq_source_topic"),
                        header(record, "dlq_source_partition"), header(record, "dlq_source_offset"), record.key(),
                        header(record, "ce_type"), header(record, "dlq_reason"));
                if (record.headers().lastHeader("dlq_value_dropped") != null) {
                    System.out.printf("      value not kept: %s%n", header(record, "dlq_value_dropped"));
                }
            }
        }
    }

    /** Returns how many records went back to their source topic. */
    static long replay(String bootstrap, String deadLetterTopic) throws Exception {
        if (!deadLetterTopics(bootstrap).contains(deadLetterTopic)) {
            throw new IllegalArgumentException("No dead-letter topic " + deadLetterTopic + " (see ./maillage dlq list).");
        }
        String source = deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
        requireNotCompacted(bootstrap, source);
        long replayed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "maillage-dlq-replay-" + source, "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                     "acks", "all", "enable.idempotence", "true"), new StringSerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(deadLetterTopic));
            int emptyPolls = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (emptyPolls < 5 && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (!consumer.assignment().isEmpty()) {
                        emptyPolls++; // only once it has joined its group does silence mean the end
                    }
                    continue;
                }
                emptyPolls = 0;
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.headers().lastHeader("dlq_value_dropped") != null) {
                        // too large for the dead-letter topic, kept without its value: nothing to send back
                        System.out.printf("Not replayed: %s-%s@%s, %s.%n", header(record, "dlq_source_topic"),
                                header(record, "dlq_source_partition"), header(record, "dlq_source_offset"),
                                header(record, "dlq_value_dropped"));
                        continue;
                    }
                    ProducerRecord<String, byte[]> again = new ProducerRecord<>(source, record.key(), record.value());
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith("dlq_")) {
                            again.headers().add(header);
                        }
                    }
                    again.headers().add("dlq_replayed_at", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
                    sent.add(producer.send(again));
                }
                producer.flush();
                requireSent(sent, source, replayed);
                replayed += sent.size();
                consumer.commitSync(); // only once the records are back on their source topic
            }
        }
        System.out.printf("Replayed %d record(s) from %s to %s.%n", replayed, deadLetterTopic, source);
        return replayed;
    }

    /**
     * A compacted topic keeps each key's last record: a dead letter replayed there would come after,
     * and outlive, the newer states of its key (a revoked key brought back, say). Those states are
     * republished by their service instead (the registry republishes on a change of the record).
     */
    private static void requireNotCompacted(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 5000))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
            ConfigEntry policy = config == null ? null : config.get("cleanup.policy");
            if (policy != null && policy.value() != null && policy.value().contains("compact")) {
                throw new IllegalArgumentException(topic + " is compacted: it keeps each key's last record, so a dead"
                        + " letter replayed there would replace the newer states of its key. Nothing was replayed."
                        + " Once the cause is fixed, change the record in its service (its current state is then"
                        + " published again), and read the dead letters with ./maillage dlq list.");
            }
        }
    }

    /**
     * Fails unless every record reached its topic: a flush completes whether the records were
     * written or refused, and a dead letter marked replayed is never replayed again.
     */
    private static void requireSent(List<Future<RecordMetadata>> sent, String source, long replayedBefore)
            throws InterruptedException {
        int refused = 0;
        Throwable cause = null;
        for (Future<RecordMetadata> record : sent) {
            try {
                record.get();
            } catch (ExecutionException e) {
                refused++;
                cause = e.getCause();
            }
        }
        if (refused > 0) {
            throw new IllegalStateException(refused + " of " + sent.size() + " dead letter(s) could not be sent back to "
                    + source + " (" + cause + "). They stay in the dead-letter topic: run the replay again once the"
                    + " cause is fixed (records of the same poll that did go back are sent again, and their consumers"
                    + " ignore what they already applied). " + replayedBefore + " record(s) were replayed before.", cause);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "maillage-dlq-list", "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            java.util.ArrayList<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(java.util.Comparator.comparing(ConsumerRecord::timestamp));
            return records;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        // a header may be there with no value (a producer's null): shown as missing, not a crash
        return header == null || header.value() == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private DeadLetterTool() {
    }
}
