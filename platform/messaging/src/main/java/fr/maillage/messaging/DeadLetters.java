package fr.maillage.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends records that cannot be read or break their contract to {@code <topic>.dlq}, with the reason. */
public final class DeadLetters {

    public static final String REASON = "dlq_reason";
    public static final String SOURCE_TOPIC = "dlq_source_topic";
    public static final String SOURCE_PARTITION = "dlq_source_partition";
    public static final String SOURCE_OFFSET = "dlq_source_offset";
    public static final String CONSUMER = "dlq_consumer";
    public static final String TIME = "dlq_time";
    /** On a dead letter without its value: how large the record was, which the dead-letter topic refused. */
    public static final String VALUE_DROPPED = "dlq_value_dropped";

    private final Producer<String, byte[]> producer;

    public DeadLetters(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public static String topicFor(String sourceTopic) {
        return sourceTopic + ".dlq";
    }

    public void send(ConsumerRecord<String, byte[]> record, String consumer, String reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(topicFor(record.topic()), record.key(), record.value());
        record.headers().forEach(header -> dead.headers().add(header));
        addWhy(dead, record, consumer, reason);
        try {
            send(dead, record);
        } catch (RecordTooLargeException tooLarge) {
            // a poison record near the size limit, with the reason added: without its value (and the
            // source's headers), rather than stop its partition; it stays at its source offset
            ProducerRecord<String, byte[]> bare = new ProducerRecord<>(topicFor(record.topic()), record.key(), null);
            addWhy(bare, record, consumer, reason);
            int size = Math.max(0, record.serializedValueSize());
            bare.headers().add(VALUE_DROPPED, utf8(size + " bytes, too large for the dead-letter topic: read it at its source offset"));
            try {
                send(bare, record);
            } catch (RecordTooLargeException keyTooLarge) {
                throw new IllegalStateException("Cannot dead-letter " + where(record) + ": even its key is too large", keyTooLarge);
            }
        }
    }

    private void send(ProducerRecord<String, byte[]> dead, ConsumerRecord<String, byte[]> record) {
        try {
            producer.send(dead).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw tooLarge;
            }
            throw new IllegalStateException("Cannot dead-letter " + where(record) + ": " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Cannot dead-letter " + where(record) + ": " + e.getMessage(), e);
        }
    }

    private static void addWhy(ProducerRecord<String, byte[]> dead, ConsumerRecord<String, byte[]> record, String consumer,
                               String reason) {
        dead.headers().add(REASON, utf8(reason));
        dead.headers().add(SOURCE_TOPIC, utf8(record.topic()));
        dead.headers().add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        dead.headers().add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        dead.headers().add(CONSUMER, utf8(consumer));
        dead.headers().add(TIME, utf8(Instant.now().toString()));
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
