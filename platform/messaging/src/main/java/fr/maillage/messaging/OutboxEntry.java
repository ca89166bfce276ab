package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.bson.types.Binary;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event waiting inside its aggregate's document (the embedded outbox) until the relay has
 * published it. Written in the same single-document update as the state change that caused it.
 */
public record OutboxEntry(String eventId, String topic, String key, Map<String, String> headers, byte[] payload) {

    /** The field of an aggregate document that holds its pending events, oldest first. */
    public static final String FIELD = "outbox";

    public static OutboxEntry of(String topic, String key, CloudEvent event) {
        return new OutboxEntry(event.id(), topic, key, event.headers(), event.data());
    }

    public Document toDocument() {
        Document headerDoc = new Document();
        headers.forEach(headerDoc::append);
        return new Document("eventId", eventId).append("topic", topic).append("key", key)
                .append("headers", headerDoc).append("payload", new Binary(payload));
    }

    public static OutboxEntry fromDocument(Document doc) {
        Map<String, String> headers = new LinkedHashMap<>();
        doc.get("headers", Document.class).forEach((name, value) -> headers.put(name, String.valueOf(value)));
        Object payload = doc.get("payload");
        byte[] bytes = payload instanceof Binary binary ? binary.getData() : (byte[]) payload;
        return new OutboxEntry(doc.getString("eventId"), doc.getString("topic"), doc.getString("key"), headers, bytes);
    }

    ProducerRecord<String, byte[]> toRecord() {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
