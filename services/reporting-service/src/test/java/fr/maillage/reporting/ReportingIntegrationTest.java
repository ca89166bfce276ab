package fr.maillage.reporting;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.events.registry.ThirdPlaceUpdated;
import fr.maillage.messaging.KafkaHeaders;
import fr.maillage.security.ApiKeys;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import fr.maillage.testsupport.WithTestStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import fr.maillage.messaging.Checkpoints;
import fr.maillage.messaging.EventConsumer;
import fr.maillage.messaging.ReceivedEvent;
import fr.maillage.reporting.events.LiveConsumers;
import fr.maillage.reporting.events.ProjectionConsumers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the integration tests share: one Spring context (same properties everywhere) against the
 * test stack, a producer to feed the projections with real records, and API keys learnt by the
 * registry replica from the registry's state topic.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({StoreFaults.Configuration.class, RenderCounter.Configuration.class})
public abstract class ReportingIntegrationTest {

    protected static final String NATIONAL_KEY = ApiKeys.generate();
    protected static final String ANALYST_KEY = ApiKeys.generate();
    protected static final String BRETAGNE_ANALYST_KEY = ApiKeys.generate();
    protected static final String FABRIQUE_KEY = ApiKeys.generate();

    private static Producer<String, byte[]> producer;
    private static boolean keysPublished;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("maillage.mongodb.database", () -> "reporting-it");
        registry.add("maillage.reporting.stream.heartbeat", () -> "1s");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    private LiveConsumers liveConsumers;

    @Autowired
    private Checkpoints checkpoints;

    @Autowired
    private Admin admin;

    protected Http http;

    @BeforeEach
    void connect() {
        http = new Http("http://localhost:" + port);
        publishKeys();
    }

    private synchronized void publishKeys() {
        if (keysPublished) {
            return;
        }
        organisation("org-national", List.of("NATIONAL"), null, NATIONAL_KEY);
        organisation("org-analyst", List.of("ANALYST"), null, ANALYST_KEY);
        organisation("org-analyst-53", List.of("ANALYST"), new OrganisationState.Territory("REGION", "53"),
                BRETAGNE_ANALYST_KEY);
        organisation("org-fabrique", List.of("FABRIQUE"), null, FABRIQUE_KEY);
        await("the registry replica knows the test keys").atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/admin/rebuild", NATIONAL_KEY).status() == 200
                        && http.get("/api/v1/activity/networks", FABRIQUE_KEY).status() == 403
                        && http.get("/api/v1/activity/networks", ANALYST_KEY).status() == 200
                        && http.get("/api/v1/activity/networks?region=53", BRETAGNE_ANALYST_KEY).status() == 200);
        keysPublished = true;
    }

    private static void organisation(String id, List<String> roles, OrganisationState.Territory territory, String key) {
        OrganisationState state = new OrganisationState(id, 1, id, "OTHER", null, null, roles, territory,
                List.of(new OrganisationState.ApiKeyHash("key-" + id, ApiKeys.hash(key))), Instant.now());
        send(RegistryTopics.STATE, id, EventJson.toCloudEvent(RegistryEvents.ORGANISATION_STATE, UUID.randomUUID(), id,
                Instant.now(), state));
    }

    // ------------------------------------------------------------------------------------------
    // Producing

    protected static synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        }
        return producer;
    }

    /** Produces one record and waits for Kafka's acknowledgement. */
    protected static void send(String topic, String key, CloudEvent event) {
        try {
            producer().send(KafkaHeaders.toRecord(topic, key, event)).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot produce to " + topic, e);
        }
    }

    /** Produces records without waiting for each, then flushes. */
    protected static void sendAll(String topic, List<Map.Entry<String, CloudEvent>> events) {
        events.forEach(event -> producer().send(KafkaHeaders.toRecord(topic, event.getKey(), event.getValue())));
        producer().flush();
    }

    protected static <T> CloudEvent cloudEvent(EventType<T> type, String subject, T payload) {
        return EventJson.toCloudEvent(type, UUID.randomUUID(), subject, Instant.now(), payload);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + SEQUENCE.incrementAndGet();
    }

    // ------------------------------------------------------------------------------------------
    // Registry fixtures

    protected static PlaceBuilder place(String id, String region) {
        return new PlaceBuilder(id, region);
    }

    /** A tiers-lieu's state with sensible defaults (a coworking in a métropole commune of the région). */
    protected static final class PlaceBuilder {
        private final String id;
        private final String region;
        private long version = 1;
        private String name;
        private String communeCode = "00000";
        private String communeName = "Commune";
        private String departement;
        private String metropole;
        private String sizeClass = "UNDER_3500";
        private List<String> typologies = List.of("COWORKING");
        private String status = "OPEN";
        private ThirdPlaceState.FabriqueLabel label;
        private String network;
        private int facilitators;
        private int certified;
        private String address;
        private String postalCode;
        private Double latitude;
        private Double longitude;

        PlaceBuilder(String id, String region) {
            this.id = id;
            this.region = region;
            this.name = "Tiers-lieu " + id;
            this.departement = region;
        }

        public PlaceBuilder version(long value) { this.version = value; return this; }
        public PlaceBuilder name(String value) { this.name = value; return this; }
        public PlaceBuilder commune(String code, String communeName, String departement) {
            this.communeCode = code; this.communeName = communeName; this.departement = departement; return this;
        }
        public PlaceBuilder metropole(String value) { this.metropole = value; return this; }
        public PlaceBuilder sizeClass(String value) { this.sizeClass = value; return this; }
        public PlaceBuilder typologies(String... values) { this.typologies = List.of(values); return this; }
        public PlaceBuilder status(String value) { this.status = value; return this; }
        public PlaceBuilder label(String track, int wave) {
            this.label = new ThirdPlaceState.FabriqueLabel(track, wave, 2020 + wave, 50_000, "LABELLED"); return this;
        }
        public PlaceBuilder withdrawnLabel(String track, int wave) {
            this.label = new ThirdPlaceState.FabriqueLabel(track, wave, 2020 + wave, 50_000, "WITHDRAWN"); return this;
        }
        public PlaceBuilder network(String fabriqueId) { this.network = fabriqueId; return this; }
        public PlaceBuilder facilitators(int all, int certifiedOnes) {
            this.facilitators = all; this.certified = certifiedOnes; return this;
        }
        public PlaceBuilder address(String value, String postal) { this.address = value; this.postalCode = postal; return this; }
        public PlaceBuilder coordinates(double lat, double lon) { this.latitude = lat; this.longitude = lon; return this; }

        public ThirdPlaceState build() {
            return new ThirdPlaceState(id, version, name, "operator-" + id, address, postalCode, communeCode, communeName,
                    departement, region, metropole, sizeClass, latitude, longitude, typologies, status, 120, null,
                    null, label, network, facilitators, certified, Instant.now());
        }

        /** The registry event for this state: registered at version 1, updated after. */
        public CloudEvent event() {
            ThirdPlaceState state = build();
            if (version == 1) {
                return cloudEvent(RegistryEvents.THIRD_PLACE_REGISTERED, id,
                        new ThirdPlaceRegistered(id, 1, Instant.now(), state));
            }
            return cloudEvent(RegistryEvents.THIRD_PLACE_UPDATED, id,
                    new ThirdPlaceUpdated(id, version, Instant.now(), List.of("status"), state));
        }

        public CloudEvent send() {
            CloudEvent event = event();
            ReportingIntegrationTest.send(RegistryTopics.EVENTS, id, event);
            return event;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /**
     * Waits until the live consumers have applied everything produced so far (their checkpoints reach
     * the end offsets), so that what follows asserts final figures, not figures on their way.
     */
    protected void awaitCaughtUp() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        admin.describeTopics(ProjectionConsumers.TOPICS).allTopicNames().get(10, TimeUnit.SECONDS).values()
                .forEach(topic -> topic.partitions().forEach(partition ->
                        latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        Map<String, Long> ends = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((partition, info) ->
                ends.put(ReceivedEvent.sourceOf(partition.topic(), partition.partition()), info.offset()));
        await("the projections caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Map<String, Long> positions = new java.util.HashMap<>();
            for (EventConsumer consumer : liveConsumers.consumers()) {
                positions.putAll(checkpoints.positions(consumer.name()));
            }
            return ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
        });
    }

    protected JsonNode awaitJson(String path, String key, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await(path).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Http.Answer answer = http.get(path, key);
            assertThat(answer.status()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
            last[0] = answer.json();
            return condition.test(last[0]);
        });
        return last[0];
    }

    protected JsonNode getJson(String path, String key) {
        Http.Answer answer = http.get(path, key);
        assertThat(answer.status()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
        return answer.json();
    }

    protected static void assertProblem(Http.Answer answer, int status) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).as("content type of a %d", status).startsWith("application/problem+json");
        assertThat(Http.json().readTree(answer.body()).path("detail").asString()).isNotBlank();
    }
}
