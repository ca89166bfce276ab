package fr.maillage.activity.events;

import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.messaging.KafkaHeaders;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes activity events to {@link ActivityTopics#EVENTS}, keyed by tiers-lieu, and returns only
 * once Kafka acknowledged every one of them (idempotent producer, {@code acks=all}). All records
 * are handed to the producer first, then the acknowledgements are awaited together, so a batch
 * costs one round of broker requests rather than one per record.
 * <p>
 * The hand-over runs on a small pool of sender threads because {@code Producer.send} itself can
 * block far longer than {@code max.block.ms} while the producer recovers from a lost broker (seen:
 * 25 s); the request thread only waits, so the caller gets its 503 at the deadline whatever the
 * client does. Records not handed over by the deadline are not sent at all.
 */
@Component
public class EventPublisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final ThreadPoolExecutor senders;

    EventPublisher(Producer<String, byte[]> producer,
                   @Value("${maillage.activity.kafka-ack-timeout:5s}") Duration ackTimeout) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(4, 4, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(256), task -> {
            Thread thread = new Thread(task, "activity-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One event to publish: its type, id, the tiers-lieu it is about, when, and its payload. */
    public record Outgoing<T>(EventType<T> type, UUID id, String thirdPlaceId, Instant time, T payload) {
    }

    /** Kafka did not acknowledge every event in time; some may still arrive, with the same ids. */
    public static final class NotAcknowledged extends Exception {
        NotAcknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void publishAll(List<? extends Outgoing<?>> events) throws NotAcknowledged {
        if (events.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (Outgoing<?> event : events) {
            records.add(KafkaHeaders.toRecord(ActivityTopics.EVENTS, event.thirdPlaceId(), cloudEvent(event)));
        }
        try {
            Future<List<Future<RecordMetadata>>> handedOver = senders.submit(() -> handOver(records, deadline));
            for (Future<RecordMetadata> ack : handedOver.get(remaining(deadline), TimeUnit.NANOSECONDS)) {
                ack.get(remaining(deadline), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledged("interrupted while waiting for Kafka", e);
        } catch (TimeoutException e) {
            log.warn("Kafka did not acknowledge {} activity events within {}", events.size(), ackTimeout);
            throw new NotAcknowledged("Kafka did not acknowledge within " + ackTimeout.toSeconds() + " s", e);
        } catch (RejectedExecutionException e) {
            log.warn("Too many batches waiting to be handed to Kafka");
            throw new NotAcknowledged("Kafka is not keeping up", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExecutionException nested ? nested.getCause() : e.getCause();
            log.warn("Kafka refused activity events: {}", String.valueOf(cause));
            throw new NotAcknowledged("Kafka is unavailable", cause);
        }
    }

    private List<Future<RecordMetadata>> handOver(List<ProducerRecord<String, byte[]>> records, long deadline)
            throws ExecutionException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                if (remaining(deadline) == 0) {
                    throw new ExecutionException(new TimeoutException("deadline passed before every record was sent"));
                }
                acks.add(producer.send(record));
            }
        } catch (KafkaException | IllegalStateException e) {
            throw new ExecutionException(e);
        }
        return acks;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static <T> fr.maillage.events.CloudEvent cloudEvent(Outgoing<T> event) {
        return EventJson.toCloudEvent(event.type(), event.id(), event.thirdPlaceId(), event.time(), event.payload());
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
