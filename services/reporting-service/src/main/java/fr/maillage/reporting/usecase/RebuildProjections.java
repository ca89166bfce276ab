package fr.maillage.reporting.usecase;

import com.mongodb.client.MongoDatabase;
import fr.maillage.messaging.EventConsumer;
import fr.maillage.messaging.ReceivedEvent;
import fr.maillage.reporting.events.LiveConsumers;
import fr.maillage.reporting.events.ProjectionConsumers;
import fr.maillage.reporting.store.Generations;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.ProjectionSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import com.mongodb.MongoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays every stream from offset zero into a fresh generation of projections, with consumers of
 * their own, while the live generation keeps serving; once the new consumers have reached the end
 * offsets seen at the start, they become the live ones.
 */
@Component
public class RebuildProjections implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RebuildProjections.class);

    public enum State { IDLE, RUNNING, SWAPPED, FAILED }

    /** Where the last rebuild stands; the figures are final once it is SWAPPED. */
    public record Status(State state, int liveGeneration, Integer generation, Instant startedAt, Instant finishedAt,
                         long targetEvents, long replayedEvents, Double seconds, Double eventsPerSecond, String failure) {
    }

    /** {@code started} is false when a rebuild was already running (its status is given). */
    public record Outcome(boolean started, Status status) {
    }

    private final MongoDatabase database;
    private final LiveProjections live;
    private final ProjectionConsumers factory;
    private final LiveConsumers liveConsumers;
    private final Admin admin;
    private final Generations generations;
    private final Clock clock = Clock.systemUTC();
    private volatile Run run;

    public RebuildProjections(MongoDatabase database, LiveProjections live, ProjectionConsumers factory,
                              LiveConsumers liveConsumers, Admin admin, Generations generations) {
        this.database = database;
        this.live = live;
        this.factory = factory;
        this.liveConsumers = liveConsumers;
        this.admin = admin;
        this.generations = generations;
    }

    /**
     * Projections written by an earlier version in a layout this one does not read (the activity
     * cube before it had a document per month) are rebuilt as soon as the service is up; until the
     * rebuilt generation takes over, the dashboard shows what the new layout finds.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void rebuildEarlierLayout() {
        int generation = live.get().generation();
        if (generations.hasEarlierLayout(generation)) {
            log.warn("The projections of generation {} were written by an earlier version in another layout: "
                    + "rebuilding them from the streams now", generation);
            start();
        }
    }

    /** Kafka did not tell where the streams end: nothing was started, the caller may retry later. */
    public static final class StreamsUnavailable extends RuntimeException {
        StreamsUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts a rebuild unless one is running; throws {@link StreamsUnavailable} when Kafka cannot be
     * read, and the store's exception (answered 503) when the store cannot say which generation an
     * earlier swap left live.
     */
    public synchronized Outcome start() {
        Run current = run;
        if (current != null && current.state == State.RUNNING) {
            return new Outcome(false, status());
        }
        liveConsumers.settle(); // the next generation's number depends on which one is live
        int generation = live.get().generation() + 1;
        liveConsumers.discard(generation); // whatever an interrupted attempt left behind
        Map<String, long[]> targets = offsets();
        ProjectionSet set = ProjectionSet.open(database, generation);
        Run next = new Run(generation, set, factory.create(set), targets, clock.instant());
        run = next;
        next.consumers.forEach(EventConsumer::start);
        Thread watcher = new Thread(() -> watch(next), "reporting-rebuild-" + generation);
        watcher.setDaemon(true);
        next.watcher = watcher;
        watcher.start();
        log.info("Rebuilding projections into generation {}: {} events to replay", generation, next.target());
        return new Outcome(true, status());
    }

    public Status status() {
        Run current = run;
        if (current == null) {
            return new Status(State.IDLE, live.get().generation(), null, null, null, 0, 0, null, null, null);
        }
        long replayed = current.state == State.SWAPPED ? current.target() : current.replayed;
        Instant end = current.finishedAt == null ? clock.instant() : current.finishedAt;
        double seconds = Math.max(0.001, Duration.between(current.startedAt, end).toMillis() / 1000.0);
        return new Status(current.state, live.get().generation(), current.generation, current.startedAt,
                current.finishedAt, current.target(), replayed, Math.round(seconds * 1000) / 1000.0,
                (double) Math.round(replayed / seconds), current.failure);
    }

    /** How many of the target's records the rebuild's consumers are past, and whether they reached every end. */
    record Progress(long replayed, boolean caughtUp) {
    }

    /**
     * {@code targets}: each partition's [begin, end) offsets to replay; {@code positions}: the
     * rebuild's consumers' positions (absent where they have not saved one yet).
     */
    static Progress progress(Map<String, long[]> targets, Map<String, Long> positions) {
        long replayed = 0;
        boolean caughtUp = true;
        for (Map.Entry<String, long[]> target : targets.entrySet()) {
            long begin = target.getValue()[0];
            long end = target.getValue()[1];
            long position = Math.max(begin, positions.getOrDefault(target.getKey(), begin));
            replayed += Math.min(position, end) - begin;
            caughtUp &= position >= end;
        }
        return new Progress(replayed, caughtUp);
    }

    private void watch(Run current) {
        try {
            while (current.state == State.RUNNING) {
                Map<String, Long> positions;
                try {
                    positions = factory.positions(current.generation);
                } catch (MongoException e) {
                    // the store is away for a moment: the rebuild's consumers wait for it, and so does this watch
                    log.warn("Cannot read the rebuild's progress ({}); trying again", e.toString());
                    Thread.sleep(1_000);
                    continue;
                }
                Progress progress = progress(current.targets, positions);
                current.replayed = progress.replayed();
                if (progress.caughtUp()) {
                    current.finishedAt = clock.instant();
                    liveConsumers.swap(current.set, current.consumers);
                    current.state = State.SWAPPED;
                    Status done = status();
                    log.info("Rebuilt generation {}: {} events in {} s ({} events/s)", current.generation,
                            done.replayedEvents(), done.seconds(), done.eventsPerSecond());
                    return;
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(current, "interrupted");
        } catch (RuntimeException e) {
            // the status is an API answer: what failed, in words, and where the details are; never the
            // exception's class or message, which name hosts and internals
            String reference = UUID.randomUUID().toString();
            log.warn("Rebuild of generation {} failed (reference {})", current.generation, reference, e);
            fail(current, reasonOf(e) + " (reference " + reference + " in the reporting service's log)");
        }
    }

    /** What the status says of a failure. */
    static String reasonOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof LiveConsumers.SwapFailed swap) {
                return swap.getMessage(); // which generation serves: what the operator acts on (operations.md)
            }
            if (cause instanceof MongoException) {
                return "the reporting store could not be read or written";
            }
            if (cause instanceof KafkaException) {
                return "the event streams could not be read from Kafka";
            }
        }
        return "an unexpected error stopped it";
    }

    private void fail(Run current, String reason) {
        current.consumers.forEach(EventConsumer::stop);
        current.failure = reason;
        current.finishedAt = clock.instant();
        current.state = State.FAILED;
        try {
            liveConsumers.discard(current.generation);
        } catch (RuntimeException e) {
            log.warn("Could not discard generation {}: {}", current.generation, e.getMessage());
        }
    }

    /** Begin and end offsets of every partition of every stream, by source. */
    private Map<String, long[]> offsets() {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(ProjectionConsumers.TOPICS).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(topic -> topic.partitions().forEach(partition -> {
                TopicPartition key = new TopicPartition(topic.name(), partition.partition());
                earliest.put(key, OffsetSpec.earliest());
                latest.put(key, OffsetSpec.latest());
            }));
            var begins = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<String, long[]> offsets = new HashMap<>();
            ends.forEach((partition, end) -> offsets.put(ReceivedEvent.sourceOf(partition.topic(), partition.partition()),
                    new long[]{begins.get(partition).offset(), end.offset()}));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamsUnavailable("Interrupted while reading the streams' end offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Cannot read the streams' offsets from Kafka", e);
            throw new StreamsUnavailable("Cannot read the streams' end offsets from Kafka", e);
        }
    }

    @Override
    public void destroy() {
        Run current = run;
        if (current != null && current.state == State.RUNNING) {
            current.state = State.FAILED;
            current.failure = "the service stopped";
            if (current.watcher != null) {
                current.watcher.interrupt();
            }
            current.consumers.forEach(EventConsumer::stop);
        }
    }

    private static final class Run {
        final int generation;
        final ProjectionSet set;
        final List<EventConsumer> consumers;
        final Map<String, long[]> targets;
        final Instant startedAt;
        volatile State state = State.RUNNING;
        volatile long replayed;
        volatile Instant finishedAt;
        volatile String failure;
        volatile Thread watcher;

        Run(int generation, ProjectionSet set, List<EventConsumer> consumers, Map<String, long[]> targets, Instant startedAt) {
            this.generation = generation;
            this.set = set;
            this.consumers = consumers;
            this.targets = targets;
            this.startedAt = startedAt;
        }

        long target() {
            return targets.values().stream().mapToLong(offsets -> offsets[1] - offsets[0]).sum();
        }
    }
}
