package fr.maillage.registry;

import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import fr.maillage.testsupport.WithTestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the registry's integration tests share, down to the Spring context: every test class
 * extends this one and adds no properties of its own, so the suite starts the service once.
 * The classes share one database, so each test makes its own organisations and places.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({RememberedCallers.Configuration.class, SettableClock.Configuration.class})
abstract class RegistryIntegrationTest {

    static final String DATABASE = "registry-test";
    static final Path KEY_FILE = tempKeyFile();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("maillage.mongodb.database", () -> DATABASE);
        registry.add("maillage.national-key-file", KEY_FILE::toString);
    }

    @LocalServerPort
    int port;

    Http http;
    String nationalKey;

    @BeforeEach
    void connect() throws IOException {
        http = new Http("http://localhost:" + port);
        nationalKey = Files.readString(KEY_FILE).trim();
    }

    /** An organisation and a key of it. */
    record Org(String id, String key) {
    }

    Org newOrganisation(String... roles) {
        String id = "org-" + UUID.randomUUID();
        String roleList = String.join("\",\"", roles);
        Http.Answer created = http.post("/api/v1/organisations", nationalKey,
                "{\"id\":\"" + id + "\",\"name\":\"Structure " + id.substring(4, 12) + "\",\"kind\":\"ASSOCIATION\","
                        + "\"roles\":[\"" + roleList + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Http.Answer key = http.post("/api/v1/organisations/" + id + "/api-keys", nationalKey, "");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        return new Org(id, key.json().get("apiKey").asString());
    }

    /** A new open tiers-lieu in Nantes, operated by {@code operatorId} (may be null); returns its id. */
    String newPlace(String operatorId) {
        return newPlace(operatorId, "44109", "COWORKING");
    }

    String newPlace(String operatorId, String communeCode, String typology) {
        String id = "tl-" + UUID.randomUUID();
        Http.Answer created = http.post("/api/v1/third-places", nationalKey, "{\"id\":\"" + id + "\",\"name\":\"Lieu "
                + id.substring(3, 11) + "\",\"communeCode\":\"" + communeCode + "\",\"typologies\":[\"" + typology + "\"]"
                + (operatorId == null ? "" : ",\"operatorId\":\"" + operatorId + "\"") + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    static void assertProblem(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at fr.");
    }

    /** The problem names {@code field} among its invalid fields. */
    static void assertInvalidField(Http.Answer answer, String field) {
        assertProblem(answer, 400);
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields).as(answer.body()).contains(field);
    }

    /**
     * Reads {@code topic} from the start until a record with {@code key} satisfies {@code until}, then on to the
     * end of the topic; returns that key's records.
     */
    static List<ConsumerRecord<String, byte[]>> readUntil(String topic, String key,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> until) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return !found.isEmpty() && until.test(found);
            });
            // and on to the end of every partition: a duplicate or an extra event already there shows up
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                });
                return end.entrySet().stream().allMatch(partition -> consumer.position(partition.getKey()) >= partition.getValue());
            });
        }
        return found;
    }

    static List<ConsumerRecord<String, byte[]>> readUntil(String topic, String key) {
        return readUntil(topic, key, records -> true);
    }

    /** Every record on the topic so far. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return all;
    }

    static String type(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader("ce_type");
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", TestStack.kafkaBootstrap(),
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "enable.auto.commit", "false"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Path tempKeyFile() {
        try {
            return Files.createTempDirectory("maillage-registry").resolve("national.key");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
