package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker configuration written from the environment: a single node by default, or one node of a cluster. */
class KafkaBrokerPropertiesTest {

    @Test
    void aSingleNodeWithReplicationFactorsOneByDefault() {
        String properties = KafkaBroker.serverProperties(9092, 9093, Path.of("/data"));

        assertThat(properties).contains("node.id=1\n", "controller.quorum.bootstrap.servers=localhost:9093\n",
                "default.replication.factor=1\n", "min.insync.replicas=1\n", "offsets.topic.replication.factor=1\n",
                "listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093\n");
        assertThat(properties).doesNotContain("controller.quorum.voters");
        // the dead-letter replay's committed position outlives the dead letters it points into (30 days,
        // deleted by whole 7-day segments)
        assertThat(properties).contains("offsets.retention.minutes=64800\n");
    }

    @Test
    void oneNodeOfAThreeVoterClusterReplicatesEverythingThreeTimes() {
        KafkaBroker.Node node = new KafkaBroker.Node(2, "1@localhost:9093,2@localhost:9193,3@localhost:9293",
                "sHHRIW2kQbu6stQkDMPQKw", 3, 2);

        String properties = KafkaBroker.serverProperties(9192, 9193, Path.of("/data"), node);

        assertThat(properties).contains("node.id=2\n",
                "controller.quorum.voters=1@localhost:9093,2@localhost:9193,3@localhost:9293\n",
                "listeners=PLAINTEXT://localhost:9192,CONTROLLER://localhost:9193\n",
                "default.replication.factor=3\n", "min.insync.replicas=2\n", "offsets.topic.replication.factor=3\n",
                "transaction.state.log.replication.factor=3\n", "transaction.state.log.min.isr=2\n",
                "share.coordinator.state.topic.replication.factor=3\n", "share.coordinator.state.topic.min.isr=2\n");
        assertThat(properties).doesNotContain("controller.quorum.bootstrap.servers");
    }

    @Test
    void aDataDirectoryBeyondAsciiIsTheOneKafkaReadsBack(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("Téléchargements").resolve("maillage ☕").resolve("data");
        Path file = dir.resolve("server.properties");

        KafkaBroker.writeProperties(file, KafkaBroker.serverProperties(9092, 9093, data));

        Properties read = Utils.loadProps(file.toString()); // as kafka.Kafka and its storage tool read it
        assertThat(read.getProperty("log.dirs")).isEqualTo(data.toString());
    }
}
