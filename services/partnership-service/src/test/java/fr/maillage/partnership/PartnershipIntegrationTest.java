package fr.maillage.partnership;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventJson;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.messaging.KafkaHeaders;
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
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one Spring context every integration test shares (same properties everywhere): the service
 * against a real KRaft broker and the MongoDB-wire server, with the registry played by
 * {@link RegistryFixture}. Besides the default envelopes, the funds list declares envelopes that
 * only the fund tests use.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "maillage.mongodb.database=partnership-it",
        "maillage.partnership.funds[0].id=endowment-2019",
        "maillage.partnership.funds[0].kind=ENDOWMENT",
        "maillage.partnership.funds[0].year=2019",
        "maillage.partnership.funds[0].name=Fonds de dotation 2019",
        "maillage.partnership.funds[0].budget-eur=20000000",
        "maillage.partnership.funds[1].id=endowment-2020",
        "maillage.partnership.funds[1].kind=ENDOWMENT",
        "maillage.partnership.funds[1].year=2020",
        "maillage.partnership.funds[1].name=Fonds de dotation 2020",
        "maillage.partnership.funds[1].budget-eur=20000000",
        "maillage.partnership.funds[2].id=endowment-2021",
        "maillage.partnership.funds[2].kind=ENDOWMENT",
        "maillage.partnership.funds[2].year=2021",
        "maillage.partnership.funds[2].name=Fonds de dotation 2021",
        "maillage.partnership.funds[2].budget-eur=20000000",
        "maillage.partnership.funds[3].id=investment",
        "maillage.partnership.funds[3].kind=INVESTMENT",
        "maillage.partnership.funds[3].name=Fonds d'investissement",
        "maillage.partnership.funds[3].budget-eur=50000000",
        "maillage.partnership.funds[4].id=test-ledger",
        "maillage.partnership.funds[4].kind=INVESTMENT",
        "maillage.partnership.funds[4].name=Enveloppe de test",
        "maillage.partnership.funds[4].budget-eur=1000000",
        "maillage.partnership.funds[5].id=test-guard",
        "maillage.partnership.funds[5].kind=ENDOWMENT",
        "maillage.partnership.funds[5].year=2030",
        "maillage.partnership.funds[5].name=Enveloppe de test concurrente",
        "maillage.partnership.funds[5].budget-eur=25000",
        "maillage.partnership.funds[6].id=test-retries",
        "maillage.partnership.funds[6].kind=INVESTMENT",
        "maillage.partnership.funds[6].name=Enveloppe de test des reprises",
        "maillage.partnership.funds[6].budget-eur=100000",
        "maillage.partnership.funds[7].id=test-churn",
        "maillage.partnership.funds[7].kind=INVESTMENT",
        "maillage.partnership.funds[7].name=Enveloppe de test engagements et annulations",
        "maillage.partnership.funds[7].budget-eur=5000",
})
public abstract class PartnershipIntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    RegistryReplica replica;

    protected Http http;

    @BeforeEach
    void connect() {
        http = new Http("http://localhost:" + port);
        RegistryFixture.publishOnce(replica);
    }

    /** An event read back from the partnership topic. */
    public record Published(CloudEvent event, JsonNode payload) {
        public String type() {
            return event.type();
        }
    }

    /**
     * Reads the partnership topic from the start until the events of {@code key} satisfy {@code enough},
     * then on to the end of every partition: every event of {@code key} already published.
     */
    protected static List<Published> awaitEvents(String key, Predicate<List<Published>> enough) {
        List<Published> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestStack.kafkaBootstrap(), "enable.auto.commit", "false",
                "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(PartnershipTopics.EVENTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        CloudEvent event = KafkaHeaders.toCloudEvent(record);
                        found.add(new Published(event, EventJson.mapper().readTree(event.data())));
                    }
                }
                return enough.test(found);
            });
            // whatever else is already there for this key, to the end of every partition (a duplicate would show
            // up here, and a "no event" holds for the whole topic, however many records other tests published)
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        CloudEvent event = KafkaHeaders.toCloudEvent(record);
                        found.add(new Published(event, EventJson.mapper().readTree(event.data())));
                    }
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
        }
        return found;
    }

    protected static List<Published> awaitEvents(String key, int atLeast) {
        return awaitEvents(key, found -> found.size() >= atLeast);
    }

    protected static void assertProblem(Http.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at fr.");
    }

    /** The problem names {@code field} among its invalid fields. */
    protected static void assertInvalidField(Http.Answer answer, String field) {
        assertProblem(answer, 400);
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
        assertThat(fields).as(answer.body()).contains(field);
    }

    protected static String type(String name) {
        return "fr.maillage.partnership." + name + ".v1";
    }
}
