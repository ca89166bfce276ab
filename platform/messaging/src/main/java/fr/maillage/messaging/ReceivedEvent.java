package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An event read from Kafka with its position. {@link #source()} names the partition it came
 * from, in a form usable as a MongoDB field name (topic names contain dots).
 */
public record ReceivedEvent(String topic, int partition, long offset, String key, CloudEvent event,
                            EventType<?> type, Object payload) {

    /**
     * The names made so far, by topic and partition: they key maps for every event of a batch, and
     * a name made anew each time had its hash computed anew each time.
     */
    private static final Map<String, Map<Integer, String>> SOURCES = new ConcurrentHashMap<>();

    public String source() {
        return sourceOf(topic, partition);
    }

    public static String sourceOf(String topic, int partition) {
        return SOURCES.computeIfAbsent(topic, name -> new ConcurrentHashMap<>())
                .computeIfAbsent(partition, number -> topic.replace('.', '_') + "-" + number);
    }

    public <T> T payload(Class<T> expected) {
        return expected.cast(payload);
    }

    public boolean is(EventType<?> candidate) {
        return type == candidate;
    }
}
