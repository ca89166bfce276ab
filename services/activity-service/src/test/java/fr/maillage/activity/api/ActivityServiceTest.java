package fr.maillage.activity.api;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.security.RegistryReplica;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import fr.maillage.testsupport.WithTestStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the service's integration tests share, so that they share one Spring context: a real
 * broker and MongoDB-wire server, the registry played by {@link RegistryFixture}, and a switch
 * that cuts Kafka off from the ingest path ({@link KafkaOutage}).
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(KafkaOutage.Configuration.class)
abstract class ActivityServiceTest {

    static final int BATCHES_PER_SECOND = 50;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("maillage.mongodb.database", () -> "activity-service-test");
        registry.add("maillage.activity.rate-limit.batches-per-second", () -> BATCHES_PER_SECOND);
    }

    @LocalServerPort
    int port;

    @Autowired
    RegistryReplica replica;

    @Autowired
    MongoDatabase database;

    @Autowired
    KafkaOutage kafkaOutage;

    Http http;
    RegistryFixture registry;

    @BeforeEach
    void connect() {
        http = new Http("http://localhost:" + port);
        registry = new RegistryFixture(replica);
    }

    static void assertProblem(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at fr.");
    }

    /** How many reports of this publisher are recorded as accepted (a document each). */
    long acceptedRecordsOf(String publisherId) {
        return database.getCollection("accepted_reports").countDocuments(Filters.eq("publisherId", publisherId));
    }

    /**
     * Reads the activity topic from the start until {@code done} holds for the records keyed by this
     * tiers-lieu, then on to its end: a record published twice is found even when a poll ended
     * between the two.
     */
    static List<ConsumerRecord<String, byte[]>> eventsOf(String thirdPlaceId,
                                                        Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestStack.kafkaBootstrap()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, 6)
                    .mapToObj(p -> new TopicPartition(ActivityTopics.EVENTS, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (thirdPlaceId.equals(record.key())) {
                        found.add(record);
                    }
                });
                return done.test(found);
            });
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (thirdPlaceId.equals(record.key())) {
                        found.add(record);
                    }
                });
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return found;
    }
}
