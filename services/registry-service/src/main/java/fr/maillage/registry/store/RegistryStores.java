package fr.maillage.registry.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.messaging.MessagingAutoConfiguration.TopicsReady;
import fr.maillage.messaging.OutboxRelay;
import fr.maillage.messaging.TopicSpec;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.ThirdPlace;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

/**
 * The registry's MongoDB collections, each an aggregate store; places and organisations with their
 * embedded outbox, which the relay publishes. {@code facilitators} holds personal data: it is the
 * only collection that does, publishes nothing (the relay does not even read it), and nothing of it
 * leaves the registry but each tiers-lieu's counts of facilitators and certified ones, in its
 * events and state.
 */
@Configuration(proxyBeanMethods = false)
class RegistryStores {

    static final String THIRD_PLACES = "third_places";
    static final String ORGANISATIONS = "organisations";
    static final String FACILITATORS = "facilitators";

    @Bean
    TopicSpec registryEventsTopic() {
        return TopicSpec.forever(RegistryTopics.EVENTS);
    }

    @Bean
    TopicSpec registryStateTopic() {
        return TopicSpec.compacted(RegistryTopics.STATE);
    }

    @Bean
    OutboxRelay outboxRelay(MongoDatabase database, Producer<String, byte[]> eventProducer,
                            ObjectProvider<MeterRegistry> meters, TopicsReady topicsReady) {
        return new OutboxRelay(database, List.of(THIRD_PLACES, ORGANISATIONS), eventProducer,
                Duration.ofMillis(500), meters.getIfAvailable());
    }

    @Bean
    AggregateStore<ThirdPlace> thirdPlaceStore(MongoDatabase database, OutboxRelay relay) {
        return new AggregateStore<>(database.getCollection(THIRD_PLACES), ThirdPlace.class, relay);
    }

    @Bean
    AggregateStore<Organisation> organisationStore(MongoDatabase database, OutboxRelay relay) {
        return new AggregateStore<>(database.getCollection(ORGANISATIONS), Organisation.class, relay);
    }

    @Bean
    AggregateStore<Facilitator> facilitatorStore(MongoDatabase database, OutboxRelay relay) {
        return new AggregateStore<>(database.getCollection(FACILITATORS), Facilitator.class, relay);
    }
}
