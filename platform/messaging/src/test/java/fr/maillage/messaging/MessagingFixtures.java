package fr.maillage.messaging;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventJson;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.testsupport.TestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Real parts for messaging tests: the test stack's broker and MongoDB-wire server. */
final class MessagingFixtures {

    private static MongoClient mongo;

    private MessagingFixtures() {
    }

    static KafkaSettings settings() {
        return new KafkaSettings(TestStack.kafkaBootstrap(), "messaging-test", 3, (short) 1);
    }

    static synchronized MongoDatabase database() {
        if (mongo == null) {
            mongo = MongoClients.create(TestStack.mongoUri());
        }
        return mongo.getDatabase("messaging-" + UUID.randomUUID());
    }

    static Producer<String, byte[]> producer() {
        return new KafkaProducer<>(settings().producerConfig("test"));
    }

    static String newTopic(String purpose) {
        String topic = "test." + purpose + "." + UUID.randomUUID();
        TopicInitializer.ensure(settings(), List.of(TopicSpec.forever(topic), TopicSpec.deadLetters(topic)));
        return topic;
    }

    static ThirdPlaceState place(String id, long version) {
        return new ThirdPlaceState(id, version, "Place " + id, null, null, null, "44109", "Nantes", "44", "52",
                "244400404", "FROM_100000", null, null, List.of(), "OPEN", null, null, null, null, null, 0, 0,
                Instant.parse("2026-11-29T10:00:00Z"));
    }

    static CloudEvent registered(String id, long version) {
        return EventJson.toCloudEvent(RegistryEvents.THIRD_PLACE_REGISTERED, UUID.randomUUID(), id,
                Instant.parse("2026-11-29T10:00:00Z"), new ThirdPlaceRegistered(id, version,
                        Instant.parse("2026-11-29T10:00:00Z"), place(id, version)));
    }

    /** Reads a topic from the start until the predicate holds on what was read, failing after 30 s. */
    static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestStack.kafkaBootstrap(), "group.id", "reader-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return enough.test(records);
            });
        }
        return records;
    }

    /** The end offset of each partition of a topic, by {@link ReceivedEvent#sourceOf source}. */
    static Map<String, Long> endPositions(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestStack.kafkaBootstrap()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<String, Long> ends = new java.util.HashMap<>();
            consumer.endOffsets(partitions).forEach((partition, end) ->
                    ends.put(ReceivedEvent.sourceOf(topic, partition.partition()), end));
            return ends;
        }
    }

    /** How many records a topic holds, every one it was sent (none compacted or expired). */
    static long count(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestStack.kafkaBootstrap()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(end -> end.getValue() - begin.get(end.getKey())).sum();
        }
    }
}
