package fr.maillage.bench;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.EventJson;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.ActivityTopics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Years of history for the rebuild measurement: valid activity events written straight to the
 * activity topic (as activity-service would have), dated 2015–2018 so that their totals can be
 * checked apart from the live publishers'.
 */
final class History {

    static final String FROM = "2015-01-01";
    static final String TO = "2018-12-31";
    private static final List<String> CATEGORIES = List.of("TRAINING", "APPRENTICESHIP", "WORKSHOP", "EVENT",
            "COWORKING", "DIGITAL_MEDIATION", "BUSINESS_SUPPORT", "PUBLIC_AGENT_TRAINING", "OTHER");
    private static final List<String> REGIONS = List.of("11", "24", "27", "28", "32", "44", "52", "53", "75", "76",
            "84", "93", "94");

    record Totals(long reports, long participants, double hours) {
    }

    /**
     * Written whatever the ingest reached: the rebuild then always replays events no service
     * published, of years the live load never touches, and the check of their window compares
     * something (ingest alone usually goes past the events a rebuild must replay).
     */
    static final long AT_LEAST = 10_000;

    /** Writes {@code events} reports of 2015–2018 straight to the topic; fails unless Kafka acknowledged every one. */
    static Totals write(String bootstrap, long events) {
        AtomicReference<Exception> failed = new AtomicReference<>();
        long participants = 0;
        double hours = 0;
        Instant now = Instant.now();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", "true", "linger.ms", "5", "compression.type", "lz4",
                "batch.size", "262144"), new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < events; i++) {
                String place = "bench-history-place-" + (i % 997);
                int people = (int) (i % 40);
                double duration = (i % 8) + 0.5;
                ActivityReportPublished report = new ActivityReportPublished("bench-history", run + "-" + i, 0, place,
                        LocalDate.of(2015 + (int) (i % 4), 1 + (int) (i % 12), 1 + (int) (i % 28)),
                        CATEGORIES.get((int) (i % CATEGORIES.size())), people, duration, List.of(),
                        REGIONS.get((int) (i % REGIONS.size())), null, null, now);
                UUID id = UUID.nameUUIDFromBytes(("bench-history|" + report.reportId() + "|0").getBytes(StandardCharsets.UTF_8));
                CloudEvent event = EventJson.toCloudEvent(ActivityEvents.REPORT_PUBLISHED, id, place, now, report);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(ActivityTopics.EVENTS, place, event.data());
                event.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                    }
                });
                participants += people;
                hours += duration;
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("the history was not all written to " + ActivityTopics.EVENTS + ": "
                    + failed.get(), failed.get());
        }
        return new Totals(events, participants, hours);
    }

    private History() {
    }
}
