package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    /** Their values read, by their bytes; more distinct ones than the catalogue has are not remembered. */
    private static final Map<ByteBuffer, String> DECODED = new ConcurrentHashMap<>();
    private static final int MAX_DECODED = 1_024;

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
                headers.put(header.key(), FEW_VALUES.contains(header.key()) ? decodedOnce(value)
                        : new String(value, StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    /**
     * The value of one of {@link #FEW_VALUES}, decoded once for all the events that carry the same
     * bytes (keyed by a copy: a consumer's buffers may be reused).
     */
    private static String decodedOnce(byte[] value) {
        String known = DECODED.get(ByteBuffer.wrap(value));
        if (known != null) {
            return known;
        }
        String decoded = new String(value, StandardCharsets.UTF_8);
        if (DECODED.size() < MAX_DECODED) {
            DECODED.putIfAbsent(ByteBuffer.wrap(value.clone()), decoded);
        }
        return decoded;
    }

    public static CloudEvent toCloudEvent(ConsumerRecord<String, byte[]> record) {
        return CloudEvent.fromHeaders(headers(record), record.value());
    }
}
