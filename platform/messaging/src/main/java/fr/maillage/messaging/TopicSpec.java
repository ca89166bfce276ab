package fr.maillage.messaging;

import java.time.Duration;
import java.util.Map;

/** A topic a service produces or consumes; created at start-up when missing. */
public record TopicSpec(String name, boolean compacted, Duration retention) {

    public static TopicSpec forever(String name) {
        return new TopicSpec(name, false, null);
    }

    public static TopicSpec compacted(String name) {
        return new TopicSpec(name, true, null);
    }

    /** The dead-letter topic of a source topic: same keys, kept 30 days. */
    public static TopicSpec deadLetters(String sourceTopic) {
        return new TopicSpec(DeadLetters.topicFor(sourceTopic), false, Duration.ofDays(30));
    }

    Map<String, String> configs() {
        if (compacted) {
            return Map.of("cleanup.policy", "compact");
        }
        return Map.of("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
    }
}
