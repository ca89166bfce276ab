package fr.maillage.messaging;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.Contracts;
import fr.maillage.events.EventJson;
import fr.maillage.events.EventType;
import fr.maillage.events.MalformedEventException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads topics in batches and hands them to an {@link EventHandler}: at-least-once delivery,
 * exactly-once effect (the handler's guarded updates make redelivery harmless).
 * <ul>
 *   <li>Position: the store's checkpoint, not only Kafka's committed offset.</li>
 *   <li>Poison: a record that cannot be read or breaks its contract goes to the dead-letter topic
 *       with the reason, once, and consumption goes on.</li>
 *   <li>Store down: the handler throws; the consumer pauses behind a circuit breaker, rewinds to
 *       the batch start and retries when the breaker lets it. Nothing is dead-lettered for it, and a
 *       retried batch does not send again the dead letters it already sent.</li>
 * </ul>
 */
public final class EventConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    public enum State { STARTING, RUNNING, PAUSED, STOPPED }

    private final String name;
    private String label;
    private final List<String> topics;
    private final Map<String, Object> config;
    private final Checkpoints checkpoints;
    private final DeadLetters deadLetters;
    private final EventHandler handler;
    private final CircuitBreaker breaker;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong unknownTypes = new AtomicLong();
    private volatile State state = State.STOPPED;
    private volatile String lastFailure;
    private volatile KafkaConsumer<String, byte[]> consumer;
    /**
     * Where this instance stands, for a consumer on every instance (null for one sharing a group):
     * its memory reflects what it applied, which the shared checkpoint may be ahead of.
     */
    private volatile Map<String, Long> ownPositions;
    private Thread thread;
    /** The consumer this one replays ({@link #replaying}), or null. */
    private volatile String replays;
    /**
     * Poison records sent to the dead-letter topic whose batch's checkpoint is not saved yet
     * ({@code source@offset}): a retry of the batch (the save failed) does not send them again.
     */
    private final Set<String> sentNotSaved = new HashSet<>();

    /**
     * A consumer whose instances share the partitions of its topics (one consumer group), for
     * projections whose whole state lives in the shared store.
     */
    public EventConsumer(String name, List<String> topics, KafkaSettings settings, int maxPollRecords,
                         Checkpoints checkpoints, DeadLetters deadLetters, EventHandler handler) {
        this(name, name, topics, settings, maxPollRecords, checkpoints, deadLetters, handler);
    }

    /**
     * {@code count} consumers of one group in this instance, which share the topics' partitions
     * with each other as with other instances, and one checkpoint. For a handler whose batches
     * mostly wait on the store: while one batch waits, another is applied (each partition still
     * has a single writer, the consumer it is assigned to).
     */
    public static List<EventConsumer> sharing(String name, List<String> topics, KafkaSettings settings,
                                              int maxPollRecords, Checkpoints checkpoints, DeadLetters deadLetters,
                                              EventHandler handler, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        List<EventConsumer> consumers = new ArrayList<>(count);
        for (int worker = 1; worker <= count; worker++) {
            EventConsumer consumer = new EventConsumer(name, topics, settings, maxPollRecords, checkpoints, deadLetters,
                    handler);
            if (count > 1) {
                consumer.label = name + "-" + worker;
                consumer.config.put(ConsumerConfig.CLIENT_ID_CONFIG, consumer.config.get(ConsumerConfig.CLIENT_ID_CONFIG)
                        + "-" + worker);
            }
            consumers.add(consumer);
        }
        return consumers;
    }

    /**
     * A consumer that every instance of the service runs on every partition (a group of its own),
     * for state each instance also keeps in memory, such as the registry replica: with a shared
     * group, an instance would only see its share of the partitions. The checkpoint stays shared.
     *
     * <p>It starts from {@code loadedFrom}: the shared checkpoint as it was read <em>before</em> the
     * handler loaded its memory from the store. Other instances move the shared checkpoint on, so
     * reading it after the load could skip what they stored in between; read before, the worst is
     * reading a few records again, which the handler's guarded updates make harmless. From then on
     * this instance seeks (after a rebalance of its own group) to what it has applied itself.
     */
    public static EventConsumer onEveryInstance(String name, List<String> topics, KafkaSettings settings,
                                                int maxPollRecords, Checkpoints checkpoints,
                                                DeadLetters deadLetters, EventHandler handler,
                                                Map<String, Long> loadedFrom) {
        EventConsumer consumer = new EventConsumer(name, name + "-" + java.util.UUID.randomUUID(), topics, settings,
                maxPollRecords, checkpoints, deadLetters, handler);
        consumer.ownPositions = new java.util.concurrent.ConcurrentHashMap<>(loadedFrom);
        return consumer;
    }

    private EventConsumer(String name, String groupId, List<String> topics, KafkaSettings settings,
                          int maxPollRecords, Checkpoints checkpoints, DeadLetters deadLetters, EventHandler handler) {
        this.name = name;
        this.label = name;
        this.topics = List.copyOf(topics);
        this.config = settings.consumerConfig(groupId, maxPollRecords);
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.handler = handler;
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(4)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(Exception.class)
                .build());
    }

    /**
     * Makes this consumer a replay of what the consumer {@code original} read (a rebuild reading its
     * topics again from offset zero): a poison record {@code original} recorded as dead-lettered
     * with its checkpoint is skipped and counted, not sent again, and recorded as this one's (it may
     * become the live consumer, replayed in turn). Any other poison is dead-lettered as usual,
     * including a record an earlier version accepted that this one finds poison. Call before
     * {@link #start()}.
     */
    public EventConsumer replaying(String original) {
        this.replays = original;
        return this;
    }

    /** The checkpoint's name, shared by the consumers of a {@link #sharing} group. */
    public String name() {
        return name;
    }

    /** Names this consumer among those sharing its group (its thread, its Kafka client id, its health). */
    public String label() {
        return label;
    }

    public State state() {
        return state;
    }

    public String lastFailure() {
        return lastFailure;
    }

    public long appliedCount() {
        return applied.get();
    }

    /** Poison records met, each in the dead-letter topic once (sent by this consumer or by the one it replays). */
    public long deadLetteredCount() {
        return deadLettered.get();
    }

    public long unknownTypeCount() {
        return unknownTypes.get();
    }

    private void run() {
        KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(config);
        try {
            consumer = kafka;
            kafka.subscribe(topics, new SeekToStoredPosition(kafka));
            boolean paused = false;
            while (state != State.STOPPED) {
                try {
                    if (!toPosition.isEmpty()) {
                        seekToStoredPositions(kafka); // the store was down when the partitions came
                    }
                    if (pausedForSeek && !paused) {
                        kafka.resume(kafka.assignment());
                        pausedForSeek = false;
                    }
                    if (paused) {
                        if (!breaker.tryAcquirePermission()) {
                            // stays in the group; partitions assigned meanwhile are not paused yet
                            ConsumerRecords<String, byte[]> unexpected = kafka.poll(Duration.ofMillis(200));
                            if (!unexpected.isEmpty()) {
                                rewind(kafka, unexpected);
                            }
                            kafka.pause(kafka.assignment());
                            continue;
                        }
                        breaker.releasePermission();
                        kafka.resume(kafka.assignment());
                        paused = false;
                    }
                    ConsumerRecords<String, byte[]> records = kafka.poll(Duration.ofMillis(250));
                    if (records.isEmpty()) {
                        continue;
                    }
                    try {
                        breaker.executeRunnable(() -> applyBatch(records));
                        kafka.commitAsync();
                        state = State.RUNNING;
                        lastFailure = null;
                    } catch (WakeupException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                        log.warn("Consumer {} paused, will retry the batch: {}", label, lastFailure);
                        rewind(kafka, records);
                        kafka.pause(kafka.assignment());
                        paused = true;
                        state = State.PAUSED;
                    }
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    state = State.PAUSED;
                    log.warn("Consumer {} cannot read now, retrying in 1 s: {}", label, lastFailure);
                    sleep(1_000);
                }
            }
        } catch (RuntimeException e) {
            log.error("Consumer {} stopped on an unexpected error", label, e);
            lastFailure = e.toString();
        } finally {
            consumer = null;
            // positions live in the store: leaving the group need not wait for the default 30 s
            kafka.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private volatile boolean pausedForSeek;
    private final java.util.Set<TopicPartition> toPosition = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void seekToStoredPositions(KafkaConsumer<String, byte[]> kafka) {
        Map<String, Long> own = ownPositions;
        Map<String, Long> stored = own != null ? Map.copyOf(own) : checkpoints.positions(name);
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition partition : List.copyOf(toPosition)) {
            if (!kafka.assignment().contains(partition)) {
                toPosition.remove(partition);
                continue;
            }
            Long position = stored.get(ReceivedEvent.sourceOf(partition.topic(), partition.partition()));
            if (position == null) {
                fromStart.add(partition);
            } else {
                kafka.seek(partition, position);
            }
        }
        if (!fromStart.isEmpty()) {
            kafka.seekToBeginning(fromStart);
        }
        toPosition.clear();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void applyBatch(ConsumerRecords<String, byte[]> records) {
        List<ReceivedEvent> batch = new ArrayList<>(records.count());
        List<Poison> poison = new ArrayList<>();
        Map<String, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            next.put(ReceivedEvent.sourceOf(record.topic(), record.partition()), record.offset() + 1);
            try {
                ReceivedEvent event = decode(record);
                if (event != null) {
                    batch.add(event);
                }
            } catch (MalformedEventException e) {
                poison.add(new Poison(record, e.getMessage()));
            }
        }
        if (!batch.isEmpty()) {
            handler.apply(batch);
        }
        // read only when needed: a batch rarely holds poison
        List<String> poisonAt = poison.stream().map(bad -> at(bad.record())).toList();
        Set<String> sentAlready = poison.isEmpty() ? Set.of() : checkpoints.deadLettered(name, poisonAt);
        Set<String> sentByTheReplayed = replays == null || poison.isEmpty() ? Set.of() : checkpoints.deadLettered(replays, poisonAt);
        List<Poison> skipped = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        for (Poison bad : poison) {
            ConsumerRecord<String, byte[]> record = bad.record();
            String at = at(record);
            dead.add(at);
            if (sentByTheReplayed.contains(at)) {
                skipped.add(bad);
            } else if (!sentNotSaved.contains(at) && !sentAlready.contains(at)) {
                // sent already: before a restart or a rebalance, or by another instance's replica
                deadLetters.send(record, name, bad.reason());
                sentNotSaved.add(at);
                log.warn("Dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), bad.reason());
            }
        }
        // the dead letters with the position: a replay of this consumer (a later rebuild) skips them
        checkpoints.save(name, next, dead);
        dead.forEach(sentNotSaved::remove);
        for (Poison bad : skipped) {
            log.info("Consumer {} skipped {}-{}@{}, dead-lettered already by {}: {}", label, bad.record().topic(),
                    bad.record().partition(), bad.record().offset(), replays, bad.reason());
        }
        Map<String, Long> own = ownPositions;
        if (own != null) {
            next.forEach((source, offset) -> own.merge(source, offset, Math::max));
        }
        applied.addAndGet(batch.size());
        deadLettered.addAndGet(poison.size());
    }

    private ReceivedEvent decode(ConsumerRecord<String, byte[]> record) {
        CloudEvent event = KafkaHeaders.toCloudEvent(record);
        EventType<?> type = Contracts.byCeType(event.type()).orElse(null);
        if (type == null && Contracts.isRetired(event.type())) {
            // a type no producer publishes any more, known and skipped: not counted as unknown
            log.debug("Consumer {} skips retired event type {} at {}-{}@{}", label, event.type(), record.topic(),
                    record.partition(), record.offset());
            return null;
        }
        if (type == null) {
            unknownTypes.incrementAndGet();
            log.info("Consumer {} ignores unknown event type {} at {}-{}@{}", label, event.type(), record.topic(),
                    record.partition(), record.offset());
            return null;
        }
        Object payload = EventJson.read(record.value(), type.payloadType());
        return new ReceivedEvent(record.topic(), record.partition(), record.offset(), record.key(), event, type, payload);
    }

    private void rewind(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            kafka.seek(partition, records.records(partition).get(0).offset());
        }
    }

    private static String at(ConsumerRecord<String, byte[]> record) {
        return ReceivedEvent.sourceOf(record.topic(), record.partition()) + "@" + record.offset();
    }

    private record Poison(ConsumerRecord<String, byte[]> record, String reason) {
    }

    private final class SeekToStoredPosition implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> kafka;

        SeekToStoredPosition(KafkaConsumer<String, byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            toPosition.addAll(partitions);
            try {
                seekToStoredPositions(kafka);
                state = State.RUNNING;
            } catch (RuntimeException e) {
                // the loop seeks again before the next poll; nothing is read from a wrong position
                log.warn("Consumer {} cannot read its checkpoints yet: {}", label, e.getMessage());
                kafka.pause(partitions);
                pausedForSeek = true;
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // positions live in the store; nothing to hand over
        }
    }

    @Override
    public void start() {
        state = State.STARTING;
        thread = new Thread(this::run, "consumer-" + label);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        state = State.STOPPED;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return state != State.STOPPED;
    }
}
