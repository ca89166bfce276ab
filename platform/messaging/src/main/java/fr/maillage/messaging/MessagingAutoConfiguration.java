package fr.maillage.messaging;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka and MongoDB plumbing every service shares: clients configured by the
 * {@code MAILLAGE_*} environment, topic creation, checkpoints, dead letters and health.
 */
@AutoConfiguration
public class MessagingAutoConfiguration {

    @Bean
    KafkaSettings kafkaSettings(@Value("${maillage.kafka.bootstrap}") String bootstrap,
                                @Value("${spring.application.name:maillage}") String application,
                                @Value("${maillage.kafka.partitions:6}") int partitions,
                                @Value("${maillage.kafka.replication-factor:1}") short replicationFactor) {
        return new KafkaSettings(bootstrap, application, partitions, replicationFactor);
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(@Value("${maillage.mongodb.uri}") String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS)
                        .readTimeout(30, TimeUnit.SECONDS))
                .build());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client,
                                @Value("${maillage.mongodb.database:${spring.application.name}}") String name) {
        return client.getDatabase(name);
    }

    @Bean(destroyMethod = "")
    Producer<String, byte[]> eventProducer(KafkaSettings settings) {
        return new KafkaProducer<>(settings.producerConfig("events"));
    }

    /** Closes the producer without waiting forever for a broker that is gone. */
    @Bean
    org.springframework.beans.factory.DisposableBean eventProducerCloser(Producer<String, byte[]> eventProducer) {
        return () -> eventProducer.close(java.time.Duration.ofSeconds(3));
    }

    @Bean
    TopicsReady topicsReady(KafkaSettings settings, List<TopicSpec> topics) {
        TopicInitializer.ensure(settings, topics);
        return new TopicsReady(topics);
    }

    @Bean
    Checkpoints checkpoints(MongoDatabase database) {
        return new Checkpoints(database);
    }

    @Bean
    DeadLetters deadLetters(Producer<String, byte[]> eventProducer) {
        return new DeadLetters(eventProducer);
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(KafkaSettings settings) {
        return Admin.create(settings.adminConfig());
    }

    @Bean("kafka")
    HealthIndicator kafkaHealth(Admin kafkaAdmin, KafkaSettings settings) {
        return () -> {
            try {
                int brokers = kafkaAdmin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
                return Health.up().withDetail("brokers", brokers).build();
            } catch (Exception e) {
                return Health.down().withDetail("bootstrap", settings.bootstrapServers())
                        .withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean("mongo")
    HealthIndicator mongoHealth(MongoDatabase database) {
        return () -> {
            try {
                database.runCommand(new Document("ping", 1));
                return Health.up().withDetail("database", database.getName()).build();
            } catch (RuntimeException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean("consumers")
    HealthIndicator consumersHealth(ObjectProvider<EventConsumer> consumers) {
        return () -> describe(Health.up(), consumers).build();
    }

    /**
     * Adds each consumer's state and counts to a health report, DEGRADED while one is paused behind
     * its circuit breaker: e.g. {@code RUNNING, 1200 applied, 0 dead-lettered, 3 of unknown types}.
     */
    public static Health.Builder describe(Health.Builder health, Iterable<EventConsumer> consumers) {
        for (EventConsumer consumer : consumers) {
            health.withDetail(consumer.label(), consumer.state() + ", " + consumer.appliedCount() + " applied, "
                    + consumer.deadLetteredCount() + " dead-lettered, " + consumer.unknownTypeCount() + " of unknown types"
                    + (consumer.lastFailure() == null ? "" : " (last failure: " + consumer.lastFailure() + ")"));
            if (consumer.state() == EventConsumer.State.PAUSED) {
                health.status("DEGRADED");
            }
        }
        return health;
    }

    /** Marks that the declared topics exist; consumers and relays depend on it. */
    public record TopicsReady(List<TopicSpec> topics) {
    }
}
