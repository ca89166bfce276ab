package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Maps CloudEvents attributes to Kafka headers (binary mode) and back. */
public final class KafkaHeaders {

    /** Headers whose values come from a small set (an event type's, the spec's), each encoded once. */
    private static final Set<String> FEW_VALUES = Set.of(CloudEvent.Headers.SPEC_VERSION, CloudEvent.Headers.SOURCE,
            CloudEvent.Headers.TYPE, CloudEvent.Headers.DATA_SCHEMA, CloudEvent.Headers.CONTENT_TYPE);
    private static final Map<String, byte[]> ENCODED = new ConcurrentHashMap<>();

    private KafkaHeaders() {
    }

    /**
     * The record of an event. The values of {@link #FEW_VALUES} are shared between records (the
     * producer only copies them into its batches): a request of 1,000 events encoded them
     * 5,000 times.
     */
    public static ProducerRecord<String, byte[]> toRecord(String topic, String key, CloudEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, event.data());
        event.headers().forEach((name, value) -> record.headers().add(name, FEW_VALUES.contains(name)
                ? ENCODED.computeIfAbsent(value, KafkaHeaders::utf8) : utf8(value)));
        return record;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            byte[] value = header.value();
            if (value != null) {
                headers.put(header.key(), FEW_VALUES.contains(header.key()) ? decodedOnce(header.key(), value)
                        : new String(value, StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    /** A header's value and its bytes, the last one read for that header. */
    private record Decoded(byte[] bytes, String value) {
    }

    private static final Map<String, Decoded> LAST_DECODED = new ConcurrentHashMap<>();

    /**
     * The value of one of {@link #FEW_VALUES}: the same string as the last one read for that header
     * when the bytes are the same, as they are for a run of events of one type.
     */
    private static String decodedOnce(String name, byte[] value) {
        Decoded last = LAST_DECODED.get(name);
        if (last != null && Arrays.equals(last.bytes(), value)) {
            return last.value();
        }
        String decoded = new String(value, StandardCharsets.UTF_8);
        LAST_DECODED.put(name, new Decoded(value.clone(), decoded));
        return decoded;
    }

    public static CloudEvent toCloudEvent(ConsumerRecord<String, byte[]> record) {
        return CloudEvent.fromHeaders(headers(record), record.value());
    }
}
