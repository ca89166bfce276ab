package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Maps CloudEvents attributes to Kafka headers (binary mode) and back. */
public final class KafkaHeaders {

    private KafkaHeaders() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, String key, CloudEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, event.data());
        event.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    public static CloudEvent toCloudEvent(ConsumerRecord<String, byte[]> record) {
        return CloudEvent.fromHeaders(headers(record), record.value());
    }
}
