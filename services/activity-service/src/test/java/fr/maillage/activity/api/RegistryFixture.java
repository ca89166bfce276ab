package fr.maillage.activity.api;

import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.messaging.KafkaHeaders;
import fr.maillage.security.ApiKeys;
import fr.maillage.security.RegistryReplica;
import fr.maillage.testsupport.TestStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;

/**
 * Plays the registry: publishes the full states of organisations and tiers-lieux on its compacted
 * state topic, as the registry's outbox does, and waits until the service's replica has them.
 */
final class RegistryFixture {

    private static final Producer<String, byte[]> PRODUCER = new KafkaProducer<>(
            Map.of("bootstrap.servers", TestStack.kafkaBootstrap(), "acks", "all"),
            new StringSerializer(), new ByteArraySerializer());
    private static final Map<String, Long> VERSIONS = new ConcurrentHashMap<>();

    private final RegistryReplica replica;

    RegistryFixture(RegistryReplica replica) {
        this.replica = replica;
    }

    /** An organisation with these roles and one API key, known to the service; returns the key. */
    Publisher organisation(String name, String... roles) {
        String id = "org-" + UUID.randomUUID();
        String key = ApiKeys.generate();
        publishOrganisation(id, name, List.of(roles), List.of(new OrganisationState.ApiKeyHash("key-1", ApiKeys.hash(key))));
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.findByKeyHash(ApiKeys.hash(key)).isPresent());
        return new Publisher(id, name, List.of(roles), key);
    }

    /** Revokes every key of the organisation, as the registry does. */
    void revokeKeys(Publisher publisher) {
        publishOrganisation(publisher.id(), publisher.name(), publisher.roles(), List.of());
    }

    /** A tiers-lieu in Nantes (44, région 52) operated by the given organisation (or none). */
    String place(String operatorId) {
        return place(operatorId, null, null);
    }

    /** A tiers-lieu member of a Fabrique's network. */
    String member(String fabriqueId) {
        return place(null, null, fabriqueId);
    }

    /** A tiers-lieu with an operator of its own, member of a Fabrique's network. */
    String member(String fabriqueId, String operatorId) {
        return place(operatorId, null, fabriqueId);
    }

    /** The place leaves its Fabrique's network. */
    void leaveNetwork(String placeId, String operatorId) {
        publishPlace(placeId, operatorId, null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.thirdPlace(placeId)
                .map(place -> place.networkFabriqueId() == null).orElse(false));
    }

    /** A labelled Fabrique operated by the organisation, in Guéret (23, région 75). */
    String fabrique(String operatorId) {
        return place(operatorId, new ThirdPlaceState.FabriqueLabel("RURAL", 1, 2019, 50_000, "ACTIVE"), null);
    }

    void withdrawLabel(String fabriqueId, String operatorId) {
        publishPlace(fabriqueId, operatorId, new ThirdPlaceState.FabriqueLabel("RURAL", 1, 2019, 50_000, "WITHDRAWN"), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.thirdPlace(fabriqueId)
                .map(place -> place.fabriqueLabel() != null && "WITHDRAWN".equals(place.fabriqueLabel().status()))
                .orElse(false));
    }

    /** The Fabrique closed with its label in force, as the registry allowed before it refused that. */
    void closeKeepingTheLabel(String fabriqueId, String operatorId) {
        publishPlace(fabriqueId, operatorId, new ThirdPlaceState.FabriqueLabel("RURAL", 1, 2019, 50_000, "ACTIVE"), null,
                "CLOSED");
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.thirdPlace(fabriqueId)
                .map(place -> "CLOSED".equals(place.status())).orElse(false));
    }

    private String place(String operatorId, ThirdPlaceState.FabriqueLabel label, String networkFabriqueId) {
        String id = "tl-" + UUID.randomUUID();
        publishPlace(id, operatorId, label, networkFabriqueId);
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.thirdPlace(id).isPresent());
        return id;
    }

    private void publishPlace(String id, String operatorId, ThirdPlaceState.FabriqueLabel label, String networkFabriqueId) {
        publishPlace(id, operatorId, label, networkFabriqueId, "OPEN");
    }

    private void publishPlace(String id, String operatorId, ThirdPlaceState.FabriqueLabel label, String networkFabriqueId,
                              String status) {
        boolean fabrique = label != null;
        long version = VERSIONS.merge(id, 1L, Long::sum);
        ThirdPlaceState state = new ThirdPlaceState(id, version, fabrique ? "La Quincaillerie" : "Le Solilab",
                operatorId, null, null, fabrique ? "23096" : "44109", fabrique ? "Guéret" : "Nantes",
                fabrique ? "23" : "44", fabrique ? "75" : "52", fabrique ? null : "244400404",
                fabrique ? "FROM_3500_TO_20000" : "FROM_100000", null, null, List.of("COWORKING"), status, null,
                null, null, label, networkFabriqueId, 1, 0, Instant.now());
        send(RegistryEvents.THIRD_PLACE_STATE, id, state);
    }

    private void publishOrganisation(String id, String name, List<String> roles, List<OrganisationState.ApiKeyHash> keys) {
        long version = VERSIONS.merge(id, 1L, Long::sum);
        send(RegistryEvents.ORGANISATION_STATE, id, new OrganisationState(id, version, name, "ASSOCIATION", null, null,
                roles, roles.contains("LOCAL_AUTHORITY") ? new OrganisationState.Territory("COMMUNE", "44109") : null,
                keys, Instant.now()));
    }

    private static <T> void send(EventType<T> type, String id, T state) {
        try {
            PRODUCER.send(KafkaHeaders.toRecord(RegistryTopics.STATE, id,
                    EventJson.toCloudEvent(type, UUID.randomUUID(), id, Instant.now(), state))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish registry state", e);
        }
    }

    /** An organisation of the test, with its API key. */
    record Publisher(String id, String name, List<String> roles, String key) {
    }
}
