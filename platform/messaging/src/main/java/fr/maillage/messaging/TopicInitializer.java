package fr.maillage.messaging;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the topics a service declares, with their partitions and retention, when missing. */
public final class TopicInitializer {

    private static final Logger log = LoggerFactory.getLogger(TopicInitializer.class);

    private TopicInitializer() {
    }

    public static void ensure(KafkaSettings settings, Collection<TopicSpec> topics) {
        try (Admin admin = Admin.create(settings.adminConfig())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .distinct()
                    .map(topic -> new NewTopic(topic.name(), settings.partitions(), settings.replicationFactor())
                            .configs(topic.configs()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topics on Kafka at " + settings.bootstrapServers()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until every partition of new topics has a leader. A first send before that is refused
     * (not the leader) and retried, and an idempotent producer's retry of a batch the broker did
     * append then meets an out-of-order sequence until its delivery timeout: the event is late, and
     * sent twice when the outbox publishes it again.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean led = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // the broker asked may not know a topic created a moment ago yet: as good as no leader
                log.debug("Topics {} not described yet: {}", topics, e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                log.warn("Topics {} still have partitions without a leader after 30 s; sends will be retried", topics);
                return;
            }
            Thread.sleep(50);
        }
    }
}
