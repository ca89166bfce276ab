package fr.maillage.activity.events;

import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.messaging.TopicSpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics this service produces, created at start-up when missing. */
@Configuration(proxyBeanMethods = false)
class ActivityTopicsConfiguration {

    @Bean
    TopicSpec activityEventsTopic() {
        return TopicSpec.forever(ActivityTopics.EVENTS);
    }

    @Bean
    TopicSpec activityEventsDeadLetters() {
        return TopicSpec.deadLetters(ActivityTopics.EVENTS);
    }
}
