package fr.maillage.reporting.events;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.Checkpoints;
import fr.maillage.messaging.DeadLetters;
import fr.maillage.messaging.EventConsumer;
import fr.maillage.messaging.KafkaSettings;
import fr.maillage.messaging.MessagingAutoConfiguration.TopicsReady;
import fr.maillage.messaging.TopicSpec;
import fr.maillage.reporting.store.ThirdPlaceProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The streams reporting reads, one consumer per upstream stream. */
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
    ThirdPlaceProjection thirdPlaceProjection(MongoDatabase database) {
        ThirdPlaceProjection projection = new ThirdPlaceProjection(database, "third_places");
        projection.load();
        return projection;
    }

    @Bean
    EventConsumer registryEventsConsumer(KafkaSettings settings, Checkpoints checkpoints, DeadLetters deadLetters,
                                         ThirdPlaceProjection places, TopicsReady topicsReady) {
        return new EventConsumer("reporting-registry-events", List.of(RegistryTopics.EVENTS), settings, 2000,
                checkpoints, deadLetters, new RegistryEventsConsumer(places));
    }
}
