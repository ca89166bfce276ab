package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHeadersTest {

    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent, long offset) {
        return new ConsumerRecord<>(sent.topic(), 0, offset, 0L, TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), sent.headers(), Optional.empty());
    }

    private static CloudEvent event(int n, String type, String dataSchema) {
        return new CloudEvent("id-" + n, "/activity-service", type, "subject-" + n,
                Instant.parse("2026-11-30T12:00:00Z").plusMillis(n), dataSchema,
                ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackEveryAttributeWhenTypesAlternate() {
        // the values shared between events (type, schema) change from one record to the next
        for (int n = 0; n < 20; n++) {
            CloudEvent sent = n % 2 == 0 ? event(n, "fr.maillage.activity.report-published.v1", "urn:report:v1")
                    : event(n, "fr.maillage.activity.monthly-indicators-published.v1", n % 3 == 0 ? null : "urn:monthly:v1");
            CloudEvent read = KafkaHeaders.toCloudEvent(received(KafkaHeaders.toRecord("t", sent.subject(), sent), n));
            assertThat(read.id()).isEqualTo(sent.id());
            assertThat(read.source()).isEqualTo(sent.source());
            assertThat(read.type()).isEqualTo(sent.type());
            assertThat(read.subject()).isEqualTo(sent.subject());
            assertThat(read.time()).isEqualTo(sent.time());
            assertThat(read.dataSchema()).isEqualTo(sent.dataSchema());
            assertThat(read.data()).isEqualTo(sent.data());
        }
    }

    @Test
    void remembersACopyOfTheBytesNotTheRecordsOwn() {
        byte[] typeA = "fr.maillage.test.a.v1".getBytes(StandardCharsets.UTF_8);
        assertThat(KafkaHeaders.headers(withType(typeA))).containsEntry(CloudEvent.Headers.TYPE, "fr.maillage.test.a.v1");
        // a consumer may reuse its buffers: the bytes just read change under the remembered value
        typeA[typeA.length - 4] = 'b';
        byte[] typeB = "fr.maillage.test.b.v1".getBytes(StandardCharsets.UTF_8);
        assertThat(KafkaHeaders.headers(withType(typeB))).containsEntry(CloudEvent.Headers.TYPE, "fr.maillage.test.b.v1");
    }

    private static ConsumerRecord<String, byte[]> withType(byte[] type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvent.Headers.TYPE, type);
        return new ConsumerRecord<>("t", 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, "k", new byte[0], headers,
                Optional.empty());
    }
}
