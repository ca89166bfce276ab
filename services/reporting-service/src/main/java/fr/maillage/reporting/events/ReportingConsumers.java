package fr.maillage.reporting.events;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.Checkpoints;
import fr.maillage.messaging.DeadLetters;
import fr.maillage.messaging.KafkaSettings;
import fr.maillage.messaging.MessagingAutoConfiguration;
import fr.maillage.messaging.MessagingAutoConfiguration.TopicsReady;
import fr.maillage.messaging.TopicSpec;
import fr.maillage.reporting.store.Generations;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.OfferDays;
import fr.maillage.reporting.store.ProjectionRefresh;
import fr.maillage.reporting.store.ProjectionSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The streams reporting reads (each with its dead-letter topic) and the projections they feed. */
@Configuration(proxyBeanMethods = false)
class ReportingConsumers {

    @Bean
    TopicSpec registryEventsTopic() {
        return TopicSpec.forever(RegistryTopics.EVENTS);
    }

    @Bean
    TopicSpec registryEventsDeadLetters() {
        return TopicSpec.deadLetters(RegistryTopics.EVENTS);
    }

    @Bean
    TopicSpec activityEventsTopic() {
        return TopicSpec.forever(ActivityTopics.EVENTS);
    }

    @Bean
    TopicSpec activityEventsDeadLetters() {
        return TopicSpec.deadLetters(ActivityTopics.EVENTS);
    }

    @Bean
    TopicSpec partnershipEventsTopic() {
        return TopicSpec.forever(PartnershipTopics.EVENTS);
    }

    @Bean
    TopicSpec partnershipEventsDeadLetters() {
        return TopicSpec.deadLetters(PartnershipTopics.EVENTS);
    }

    @Bean
    Generations generations(MongoDatabase database) {
        return new Generations(database);
    }

    @Bean
    LiveProjections liveProjections(MongoDatabase database, Generations generations) {
        return new LiveProjections(ProjectionSet.open(database, generations.live()));
    }

    @Bean
    OfferDays offerDays(LiveProjections live) {
        return new OfferDays(live);
    }

    /** Several instances share the partitions: each re-reads what the others stored (0s: off). */
    @Bean
    ProjectionRefresh projectionRefresh(LiveProjections live,
                                        @Value("${maillage.reporting.refresh-interval:5s}") Duration interval) {
        return new ProjectionRefresh(live, interval);
    }

    /**
     * The activity stream is read by {@code maillage.reporting.activity-consumers} consumers of one
     * group: a batch spends most of its time waiting for the store, and while one waits another is
     * applied (at most one per partition is useful).
     */
    @Bean
    ProjectionConsumers projectionConsumers(KafkaSettings settings, Checkpoints checkpoints, DeadLetters deadLetters,
                                            TopicsReady topicsReady,
                                            @Value("${maillage.reporting.activity-consumers:3}") int activityConsumers) {
        return new ProjectionConsumers(settings, checkpoints, deadLetters, activityConsumers);
    }

    @Bean
    LiveConsumers liveConsumers(LiveProjections live, ProjectionConsumers factory, Generations generations) {
        LiveConsumers consumers = new LiveConsumers(live, factory, generations);
        consumers.discardStale(); // before the web server can accept a rebuild
        return consumers;
    }

    /** The live generation's consumers (they are not beans, since a rebuild replaces them). */
    @Bean("projections")
    HealthIndicator projectionsHealth(LiveConsumers consumers, LiveProjections live) {
        return () -> MessagingAutoConfiguration.describe(Health.up().withDetail("generation", live.get().generation()),
                consumers.consumers()).build();
    }
}
