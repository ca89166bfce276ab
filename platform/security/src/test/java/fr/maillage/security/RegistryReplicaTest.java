package fr.maillage.security;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.messaging.ReceivedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replica against the MongoDB-wire server over TCP, with the real driver. */
class RegistryReplicaTest {

    private static final String KEY = "mlg_analyst-key-of-the-test";

    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://localhost:" + address.getPort()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(500, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(500, TimeUnit.MILLISECONDS))
                .build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aKeyRevokedWhileTheStoreIsDownIsRefusedAtOnce_andTheBatchFailsSoThatItIsAppliedAgain() {
        RegistryReplica replica = new RegistryReplica(client.getDatabase("replica"));
        replica.load();
        replica.apply(List.of(state(1, List.of(new OrganisationState.ApiKeyHash("k-1", ApiKeys.hash(KEY))))));
        assertThat(replica.findByKeyHash(ApiKeys.hash(KEY))).isPresent();

        server.shutdownNow();
        assertThatThrownBy(() -> replica.apply(List.of(state(2, List.of()))))
                .as("not written: the consumer rewinds and applies it again").isInstanceOf(RuntimeException.class);

        assertThat(replica.findByKeyHash(ApiKeys.hash(KEY))).as("revoked").isEmpty();
        assertThat(replica.organisation("org-a")).get().extracting(OrganisationState::version).isEqualTo(2L);
    }

    @Test
    void aBatchAppliedAgainChangesNothing_andAnOlderStateNeverReplacesANewerOne() {
        RegistryReplica replica = new RegistryReplica(client.getDatabase("replica"));
        replica.load();
        List<OrganisationState.ApiKeyHash> keys = List.of(new OrganisationState.ApiKeyHash("k-1", ApiKeys.hash(KEY)));
        replica.apply(List.of(state(2, List.of())));
        replica.apply(List.of(state(2, List.of())));
        replica.apply(List.of(state(1, keys)));

        assertThat(replica.findByKeyHash(ApiKeys.hash(KEY))).isEmpty();
        RegistryReplica restarted = new RegistryReplica(client.getDatabase("replica"));
        restarted.load();
        assertThat(restarted.organisation("org-a")).get().extracting(OrganisationState::version).isEqualTo(2L);
        assertThat(restarted.findByKeyHash(ApiKeys.hash(KEY))).isEmpty();
    }

    private static ReceivedEvent state(long version, List<OrganisationState.ApiKeyHash> keys) {
        OrganisationState state = new OrganisationState("org-a", version, "Analystes", "OTHER", null, null,
                List.of("ANALYST"), null, keys, Instant.parse("2026-12-03T08:00:00Z"));
        return new ReceivedEvent("maillage.registry.state.v1", 0, version, "org-a", null,
                RegistryEvents.ORGANISATION_STATE, state);
    }
}
