package fr.maillage.bench;

import fr.maillage.testsupport.TestStack;
import fr.maillage.testsupport.WithTestStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@WithTestStack
class DeadLetterToolTest {

    private final String source = "test.dlq-tool." + UUID.randomUUID();
    private final String deadLetters = source + ".dlq";

    @Test
    void replaySendsDeadLettersBackToTheirTopicOnceWithoutTheirDeadLetterHeaders() throws Exception {
        String bootstrap = TestStack.kafkaBootstrap();
        createSourceAndDeadLetterTopics(bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String key : List.of("tl-1", "tl-2")) {
                ProducerRecord<String, byte[]> dead = new ProducerRecord<>(deadLetters, key, "{}".getBytes(StandardCharsets.UTF_8));
                dead.headers().add("ce_id", ("id-" + key).getBytes(StandardCharsets.UTF_8));
                dead.headers().add("dlq_reason", "payload does not follow its contract".getBytes(StandardCharsets.UTF_8));
                dead.headers().add("dlq_source_topic", source.getBytes(StandardCharsets.UTF_8));
                producer.send(dead).get();
            }
            // one too large for the dead-letter topic, kept without its value: nothing to send back
            ProducerRecord<String, byte[]> bare = new ProducerRecord<>(deadLetters, "tl-big", null);
            bare.headers().add("dlq_value_dropped", "1048400 bytes, too large".getBytes(StandardCharsets.UTF_8));
            producer.send(bare).get();
        }

        assertThat(DeadLetterTool.replay(bootstrap, deadLetters)).isEqualTo(2);
        assertThat(DeadLetterTool.replay(bootstrap, deadLetters)).as("a second replay sends nothing again").isZero();

        List<ConsumerRecord<String, byte[]>> back = read(bootstrap, source, 2);
        assertThat(back).extracting(ConsumerRecord::key).as("not the one without its value").containsExactly("tl-1", "tl-2");
        assertThat(back).allSatisfy(record -> {
            assertThat(record.headers().lastHeader("ce_id")).isNotNull();
            assertThat(record.headers().lastHeader("dlq_reason")).isNull();
            assertThat(record.headers().lastHeader("dlq_replayed_at")).isNotNull();
        });
    }

    @Test
    void deadLettersThatKafkaRefusesToTakeBackStayToBeReplayedAgain() throws Exception {
        String bootstrap = TestStack.kafkaBootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(source, 1, (short) 1).configs(Map.of("max.message.bytes", "200")),
                    new NewTopic(deadLetters, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(deadLetters, "tl-1", new byte[1024])).get();
        }

        assertThatThrownBy(() -> DeadLetterTool.replay(bootstrap, deadLetters))
                .hasMessageContaining("1 of 1 dead letter(s) could not be sent back to " + source);
        assertThatThrownBy(() -> DeadLetterTool.replay(bootstrap, deadLetters))
                .as("not marked replayed: the next replay tries it again")
                .hasMessageContaining("1 of 1 dead letter(s) could not be sent back");
    }

    @Test
    void deadLettersOfACompactedTopicAreNotReplayedOverNewerStates() throws Exception {
        String bootstrap = TestStack.kafkaBootstrap();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(source, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(deadLetters, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(deadLetters, "org-1", "{\"version\":2}".getBytes(StandardCharsets.UTF_8))).get();
        }

        assertThatThrownBy(() -> DeadLetterTool.replay(bootstrap, deadLetters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is compacted")
                .hasMessageContaining("Nothing was replayed");
    }

    @Test
    void aHeaderWithoutValueIsListedAsMissing() throws Exception {
        String bootstrap = TestStack.kafkaBootstrap();
        createSourceAndDeadLetterTopics(bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> dead = new ProducerRecord<>(deadLetters, "tl-1", "{}".getBytes(StandardCharsets.UTF_8));
            dead.headers().add("ce_type", null); // how the consumer found it: "missing header ce_type"
            dead.headers().add("dlq_reason", "missing header ce_type".getBytes(StandardCharsets.UTF_8));
            dead.headers().add("dlq_source_topic", source.getBytes(StandardCharsets.UTF_8));
            producer.send(dead).get();
        }

        java.io.PrintStream out = System.out;
        java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(shown, true, StandardCharsets.UTF_8));
        try {
            DeadLetterTool.list(bootstrap, 20);
        } finally {
            System.setOut(out);
        }
        assertThat(shown.toString(StandardCharsets.UTF_8)).contains(deadLetters, "missing header ce_type");
    }

    @Test
    void anUnknownDeadLetterTopicIsAClearError() {
        assertThatThrownBy(() -> DeadLetterTool.replay(TestStack.kafkaBootstrap(), "no.such.topic.dlq"))
                .hasMessageContaining("No dead-letter topic no.such.topic.dlq");
    }

    private void createSourceAndDeadLetterTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(source, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "reader-" + UUID.randomUUID(), "auto.offset.reset", "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
