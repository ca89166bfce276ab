package fr.maillage.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the pending events of aggregate documents, in order per document, then removes them
 * by event id. A crash between publishing and removing republishes the same events with the same
 * ids: consumers deduplicate, so nothing is lost and nothing counts twice.
 *
 * <p>Every instance of a service runs a relay. Before publishing a document's entries a relay
 * claims the document for a while ({@code relayLease}, one conditional update that also reads the
 * entries), and gives it back once Kafka has answered: without it, a relay that read the entries
 * just before another published them could send an older event after a newer one, and on a
 * compacted topic the older state would be the one kept. A lease left by a crash expires after
 * {@link #LEASE}.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int DOCUMENTS_PER_ROUND = 500;
    /**
     * The safety net for entries no wake-up announced (another instance, a crash just before one):
     * a full scan, which on the embedded store reads every document and delays the writes waiting
     * behind it; every start begins with one.
     */
    private static final Duration FULL_SCAN_EVERY = Duration.ofSeconds(30);
    private final Duration fullScanEvery;
    static final String LEASE_FIELD = "relayLease";
    /** Longer than a round's wait for Kafka's answers (30 s per entry at most, usually milliseconds). */
    static final Duration LEASE = Duration.ofSeconds(60);
    /**
     * How soon a document a wake-up named, found claimed by another relay, is tried again: that
     * relay did not read the entries added since its claim. Doubled at each try, never past the lease.
     */
    static final Duration HELD_RETRY = Duration.ofMillis(200);

    /**
     * How long a document whose send failed without a clear refusal (a timeout: the record may
     * still land) is left alone, by this relay too, before its entries are sent again: sent
     * sooner, a newer state could land before that late one, and a compacted topic keep the older.
     */
    static final Duration AFTER_UNCLEAR_FAILURE = Duration.ofSeconds(20);
    /** Where an entry Kafka refuses for good (too large) is set aside, with why, instead of blocking the rest. */
    static final String REFUSED_FIELD = "outboxRefused";

    /** This relay's name in the leases it takes. */
    private final String owner = UUID.randomUUID().toString();

    private final MongoDatabase database;
    private final List<String> collections;
    private final Producer<String, byte[]> producer;
    private final Duration idlePoll;
    private final Duration afterUnclearFailure;
    private final Timer lag;
    private final Counter refused;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(MongoDatabase database, List<String> collections, Producer<String, byte[]> producer,
                       Duration idlePoll, MeterRegistry meters) {
        this(database, collections, producer, idlePoll, meters, FULL_SCAN_EVERY, AFTER_UNCLEAR_FAILURE);
    }

    /** @param fullScanEvery how long after a full scan the next one comes, unless one is asked for sooner */
    OutboxRelay(MongoDatabase database, List<String> collections, Producer<String, byte[]> producer,
                Duration idlePoll, MeterRegistry meters, Duration fullScanEvery) {
        this(database, collections, producer, idlePoll, meters, fullScanEvery, AFTER_UNCLEAR_FAILURE);
    }

    OutboxRelay(MongoDatabase database, List<String> collections, Producer<String, byte[]> producer,
                Duration idlePoll, MeterRegistry meters, Duration fullScanEvery, Duration afterUnclearFailure) {
        this.afterUnclearFailure = afterUnclearFailure;
        this.fullScanEvery = fullScanEvery;
        this.database = database;
        this.collections = List.copyOf(collections);
        this.producer = producer;
        this.idlePoll = idlePoll;
        this.lag = meters == null ? null : Timer.builder("maillage.outbox.lag")
                .description("From the state change to its event acknowledged by Kafka")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.refused = meters == null ? null : Counter.builder("maillage.outbox.refused")
                .description("Outbox entries Kafka refused for good (too large), set aside in " + REFUSED_FIELD)
                .register(meters);
    }

    /** Called after writes that added outbox entries anywhere: the next pass scans every collection at once. */
    public void wakeUp() {
        scanNow = true;
        wakeUps.release();
    }

    /**
     * Called after a write that added outbox entries to one document: the relay publishes that
     * document's entries at once, looked up by id. The periodic scan of every collection stays as
     * the path for what a crash or another instance left behind; on a store where a non-id filter
     * scans the whole collection, it is the slow path.
     */
    public void wakeUp(String collection, Object id) {
        dirty.add(new Dirty(collection, id));
        wakeUps.release();
    }

    private record Dirty(String collection, Object id) {
    }

    private record Retry(long atNanos, long delayMillis) {
    }

    private final ConcurrentLinkedQueue<Dirty> dirty = new ConcurrentLinkedQueue<>();
    private volatile long lastFullScan;
    private volatile boolean scanNow = true; // the first pass after a start finds what a crash left
    /** Documents just written that another relay held, to try again (the relay's thread only). */
    private final Map<Dirty, Retry> held = new LinkedHashMap<>();

    /**
     * Publishes the pending entries of the documents just written; returns how many were published.
     * A document another relay holds is tried again on a later pass ({@link #HELD_RETRY}).
     */
    int relayDirty() {
        Set<Dirty> toTry = new LinkedHashSet<>();
        for (Dirty next = dirty.poll(); next != null; next = dirty.poll()) {
            toTry.add(next);
        }
        long now = System.nanoTime();
        Map<Dirty, Retry> retried = new LinkedHashMap<>();
        held.entrySet().removeIf(entry -> {
            boolean tryNow = entry.getValue().atNanos() - now <= 0 || toTry.contains(entry.getKey());
            if (tryNow) {
                retried.put(entry.getKey(), entry.getValue());
            }
            return tryNow;
        });
        toTry.addAll(retried.keySet());
        Map<String, Set<Object>> ids = new LinkedHashMap<>();
        toTry.forEach(next -> ids.computeIfAbsent(next.collection(), name -> new LinkedHashSet<>()).add(next.id()));
        int published = 0;
        for (var entry : ids.entrySet()) {
            // claimed by _id, without a search first: these documents were just written
            Map<Object, Long> heldUntil = new LinkedHashMap<>();
            try {
                published += relay(database.getCollection(entry.getKey()), entry.getValue(), heldUntil);
            } catch (RuntimeException e) {
                // the store went away mid-pass: these documents are tried again first, not left to the next full scan
                dirty.addAll(toTry);
                throw e;
            }
            heldUntil.forEach((id, until) -> {
                Dirty again = new Dirty(entry.getKey(), id);
                Retry last = retried.get(again);
                long delay = last == null ? HELD_RETRY.toMillis() : Math.min(last.delayMillis() * 2, LEASE.toMillis());
                long wait = Math.max(0, Math.min(delay, until - System.currentTimeMillis()));
                held.put(again, new Retry(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait), delay));
            });
        }
        return published;
    }

    /** How long until a held document is to be tried again, at most {@code max} milliseconds. */
    private long untilHeldRetry(long max) {
        long now = System.nanoTime();
        return held.values().stream()
                .mapToLong(retry -> Math.max(0, TimeUnit.NANOSECONDS.toMillis(retry.atNanos() - now)))
                .reduce(max, Math::min);
    }

    /**
     * One pass over every collection; returns how many events were published. A collection that
     * filled its page and published from it has more waiting (an import writes thousands of
     * places at once): the next pass scans again at once rather than after {@link #FULL_SCAN_EVERY}.
     * A full page that published nothing (held by another relay's leases) waits for the next scan.
     */
    public int relayOnce() {
        lastFullScan = System.nanoTime();
        int published = 0;
        boolean scanAgain = false;
        for (String name : collections) {
            MongoCollection<Document> collection = database.getCollection(name);
            List<Object> pending = new ArrayList<>();
            collection.find(Filters.exists(OutboxEntry.FIELD + ".0")).projection(Projections.include("_id"))
                    .limit(DOCUMENTS_PER_ROUND).forEach(doc -> pending.add(doc.get("_id")));
            int fromThis = relay(collection, pending, null);
            scanAgain |= pending.size() == DOCUMENTS_PER_ROUND && fromThis > 0;
            published += fromThis;
        }
        if (scanAgain) {
            scanNow = true; // never false here: a wake-up that came during the pass asks for another
        }
        return published;
    }

    /**
     * Publishes the entries of the documents {@code ids}, each claimed first; returns how many were
     * published. Puts in {@code heldUntil}, unless null, the documents with entries another relay
     * holds, with the end of its lease.
     */
    private int relay(MongoCollection<Document> collection, Collection<Object> ids, Map<Object, Long> heldUntil) {
        List<Sent> inFlight = new ArrayList<>();
        for (Object id : ids) {
            Document doc = claim(collection, id);
            if (doc == null) {
                // published meanwhile, or another relay is publishing it
                if (heldUntil != null) {
                    Document pending = collection.find(Filters.and(Filters.eq("_id", id),
                            Filters.exists(OutboxEntry.FIELD + ".0"))).projection(Projections.include(LEASE_FIELD)).first();
                    if (pending != null) {
                        Document lease = pending.get(LEASE_FIELD, Document.class);
                        heldUntil.put(id, lease == null ? 0L : ((Number) lease.get("until")).longValue());
                    }
                }
                continue;
            }
            List<Document> stored = doc.getList(OutboxEntry.FIELD, Document.class, List.of());
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (Document entry : stored) {
                Future<RecordMetadata> sending = send(OutboxEntry.fromDocument(entry));
                futures.add(sending);
                if (sending.isDone() && failure(sending) != null) {
                    break; // the entries after it wait: sent now, they would land before it
                }
            }
            inFlight.add(new Sent(doc.get("_id"), stored.subList(0, futures.size()), futures, futures.size() == stored.size()));
        }
        producer.flush();
        int published = 0;
        for (Sent sent : inFlight) {
            published += sent.confirm(collection);
            // entries left behind a failed send go at once (or once the hold after an unclear failure ends)
            Dirty again = new Dirty(collection.getNamespace().getCollectionName(), sent.id);
            if (sent.heldAfterFailure) {
                held.put(again, new Retry(System.nanoTime() + afterUnclearFailure.toNanos(), afterUnclearFailure.toMillis()));
            } else if (sent.entriesLeft) {
                dirty.add(again);
                wakeUps.release();
            }
        }
        return published;
    }

    /** The producer's send; a send that throws (a full buffer for too long, say) is a failed one. */
    private Future<RecordMetadata> send(OutboxEntry entry) {
        try {
            return producer.send(entry.toRecord());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Why a finished send failed, or null if it did not. */
    private static Throwable failure(Future<RecordMetadata> done) {
        try {
            done.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /**
     * The document's pending entries, claimed for this relay; {@code null} if none or claimed by
     * another, or held after an unclear failure ({@link #AFTER_UNCLEAR_FAILURE}).
     */
    private Document claim(MongoCollection<Document> collection, Object id) {
        long now = System.currentTimeMillis();
        return collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", id), Filters.exists(OutboxEntry.FIELD + ".0"),
                        Filters.or(Filters.exists(LEASE_FIELD, false), Filters.lt(LEASE_FIELD + ".until", now),
                                Filters.and(Filters.eq(LEASE_FIELD + ".owner", owner),
                                        Filters.exists(LEASE_FIELD + ".afterFailure", false)))),
                Updates.set(LEASE_FIELD, new Document("owner", owner).append("until", now + LEASE.toMillis())),
                new FindOneAndUpdateOptions().projection(Projections.include(OutboxEntry.FIELD))
                        .returnDocument(ReturnDocument.AFTER));
    }

    private final class Sent {
        final Object id;
        final List<Document> entries;
        final List<Future<RecordMetadata>> futures;
        /** Whether the document still has entries this pass did not publish, and why (set by confirm). */
        boolean entriesLeft;
        boolean heldAfterFailure;

        Sent(Object id, List<Document> entries, List<Future<RecordMetadata>> futures, boolean allSent) {
            this.id = id;
            this.entries = entries;
            this.futures = futures;
            this.entriesLeft = !allSent;
        }

        /**
         * Removes from the outbox the entries Kafka acknowledged, up to the first failure. An entry
         * Kafka refuses for good is set aside in {@link #REFUSED_FIELD} (the ones after it go on);
         * after a failure that may still deliver (a timeout), the document is left alone for
         * {@link #AFTER_UNCLEAR_FAILURE}, by every relay.
         */
        int confirm(MongoCollection<Document> collection) {
            List<String> done = new ArrayList<>();
            List<Document> setAside = new ArrayList<>();
            boolean unclear = false;
            for (int i = 0; i < entries.size(); i++) {
                String eventId = entries.get(i).getString("eventId");
                Throwable failed;
                try {
                    futures.get(i).get(30, TimeUnit.SECONDS);
                    failed = null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unclear = true;
                    break;
                } catch (ExecutionException e) {
                    failed = e.getCause() == null ? e : e.getCause();
                } catch (java.util.concurrent.TimeoutException e) {
                    failed = e;
                }
                if (failed == null) {
                    done.add(eventId);
                    recordLag(OutboxEntry.fromDocument(entries.get(i)));
                } else if (failed instanceof RecordTooLargeException) {
                    setAside.add(new Document("entry", entries.get(i)).append("reason", String.valueOf(failed.getMessage()))
                            .append("at", Instant.now().toString()));
                } else {
                    log.warn("Outbox event {} of {} not published yet: {}", eventId, id, failed.getMessage());
                    unclear = true;
                    break;
                }
            }
            List<Bson> changes = new ArrayList<>();
            List<String> removed = new ArrayList<>(done);
            setAside.forEach(aside -> removed.add(aside.get("entry", Document.class).getString("eventId")));
            if (!removed.isEmpty()) {
                changes.add(Updates.pull(OutboxEntry.FIELD, new Document("eventId", new Document("$in", removed))));
            }
            if (!setAside.isEmpty()) {
                changes.add(Updates.pushEach(REFUSED_FIELD, setAside));
            }
            // gives the lease back with the entries Kafka has, or holds it a while after an unclear
            // failure; one another relay took over (ours expired) stays
            changes.add(unclear ? Updates.set(LEASE_FIELD, new Document("owner", owner)
                    .append("until", System.currentTimeMillis() + afterUnclearFailure.toMillis()).append("afterFailure", true))
                    : Updates.unset(LEASE_FIELD));
            UpdateResult released = collection.updateOne(
                    Filters.and(Filters.eq("_id", id), Filters.eq(LEASE_FIELD + ".owner", owner)), Updates.combine(changes));
            if (released.getMatchedCount() > 0) {
                setAside.forEach(aside -> {
                    log.error("Outbox event {} of {} is refused by Kafka for good ({}): set aside in {}, the events"
                            + " after it go on", aside.get("entry", Document.class).getString("eventId"), id,
                            aside.getString("reason"), REFUSED_FIELD);
                    if (refused != null) {
                        refused.increment();
                    }
                });
                heldAfterFailure = unclear;
                entriesLeft |= !setAside.isEmpty() || unclear;
            } else if (!done.isEmpty()) {
                // the relay that took the document over sets aside what Kafka refuses by itself
                collection.updateOne(Filters.eq("_id", id),
                        Updates.pull(OutboxEntry.FIELD, new Document("eventId", new Document("$in", done))));
            }
            return done.size();
        }
    }

    private void recordLag(OutboxEntry entry) {
        String time = entry.headers().get("ce_time");
        if (lag != null && time != null) {
            lag.record(Duration.between(Instant.parse(time), Instant.now()));
        }
    }

    private void loop() {
        Duration backoff = idlePoll;
        try {
            relayWhileRunning(backoff);
        } finally {
            if (!Thread.currentThread().isInterrupted()) {
                try {
                    // what the last requests wrote while the web server drained: an import's wake-up
                    // asks for a scan, a write's names its document (and may leave entries to go next)
                    if (scanNow) {
                        relayOnce();
                    }
                    for (int pass = 0; pass < 3 && !dirty.isEmpty(); pass++) {
                        relayDirty();
                    }
                } catch (RuntimeException e) {
                    log.warn("Outbox relay's last pass failed, left to the next start or another instance: {}",
                            e.getMessage());
                }
            }
        }
    }

    private void relayWhileRunning(Duration backoff) {
        while (running) {
            try {
                int published = relayDirty();
                if (scanNow || System.nanoTime() - lastFullScan > fullScanEvery.toNanos()) {
                    scanNow = false;
                    published += relayOnce();
                }
                backoff = idlePoll;
                if (published == 0) {
                    wakeUps.tryAcquire(untilHeldRetry(idlePoll.toMillis()), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
                // an error of one pass (a class that fails to load, say) must not end the thread in
                // silence: every later event of this instance would wait for a restart. Running out of
                // memory is left to the JVM (-XX:+ExitOnOutOfMemoryError)
                scanNow = true; // the pass may have stopped before some collections: the next one scans them all
                if (e instanceof RuntimeException) {
                    log.warn("Outbox relay pass failed, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                } else {
                    log.error("Outbox relay pass failed, retrying in {} ms", backoff.toMillis(), e);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops once the web server has drained its requests (a graceful shutdown is phase
     * {@code DEFAULT_PHASE - 1024}, stopped before this one): the writes they made are published
     * before the relay ends, not left for another instance's scan or the next start.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }

    /** Lets the pass under way finish (an interrupted one leaves its leases to run out), then ends. */
    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            wakeUps.release();
            try {
                thread.join(5_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
