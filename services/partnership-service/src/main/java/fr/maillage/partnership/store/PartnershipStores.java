package fr.maillage.partnership.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.messaging.MessagingAutoConfiguration.TopicsReady;
import fr.maillage.messaging.OutboxRelay;
import fr.maillage.messaging.TopicSpec;
import fr.maillage.partnership.domain.Premises;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.List;

/** The partnership collections: premises (aggregate store) and funds, both with their embedded outbox. */
@Configuration(proxyBeanMethods = false)
class PartnershipStores {

    static final String PREMISES = "premises";

    @Bean
    TopicSpec partnershipEventsTopic() {
        return TopicSpec.forever(PartnershipTopics.EVENTS);
    }

    @Bean
    OutboxRelay outboxRelay(MongoDatabase database, Producer<String, byte[]> eventProducer,
                            ObjectProvider<MeterRegistry> meters, TopicsReady topicsReady) {
        return new OutboxRelay(database, List.of(PREMISES, FundStore.COLLECTION), eventProducer,
                Duration.ofMillis(500), meters.getIfAvailable());
    }

    @Bean
    AggregateStore<Premises> premisesStore(MongoDatabase database, OutboxRelay relay) {
        return new AggregateStore<>(database.getCollection(PREMISES), Premises.class, relay);
    }

    @Bean
    FundStore fundStore(MongoDatabase database, OutboxRelay relay) {
        return new FundStore(database.getCollection(FundStore.COLLECTION), relay);
    }
}
