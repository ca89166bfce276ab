package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventType;

/**
 * An event read from Kafka with its position. {@link #source()} names the partition it came
 * from, in a form usable as a MongoDB field name (topic names contain dots).
 */
public record ReceivedEvent(String topic, int partition, long offset, String key, CloudEvent event,
                            EventType<?> type, Object payload) {

    public String source() {
        return sourceOf(topic, partition);
    }

    public static String sourceOf(String topic, int partition) {
        return topic.replace('.', '_') + "-" + partition;
    }

    public <T> T payload(Class<T> expected) {
        return expected.cast(payload);
    }

    public boolean is(EventType<?> candidate) {
        return type == candidate;
    }
}
