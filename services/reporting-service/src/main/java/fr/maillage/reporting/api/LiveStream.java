package fr.maillage.reporting.api;

import fr.maillage.reporting.domain.FabriqueProgramme;
import fr.maillage.reporting.domain.FundsSummary;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.domain.Overview;
import fr.maillage.reporting.domain.PlaceCounts;
import fr.maillage.reporting.domain.PremisesSummary;
import fr.maillage.reporting.domain.ActivityFilter;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.ProjectionSet;
import fr.maillage.security.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pushes the overview and a summary of the other figures to every open stream. Changes only mark
 * the stream dirty; a single thread makes the figures at most once per interval, so a burst of a
 * thousand batches becomes a few pushes, and sends a {@code heartbeat} event when nothing changed for
 * a while. The heartbeat is an event rather than a comment, and also follows the figures sent at
 * opening, so that a page can tell a quiet stream from one a proxy dropped without a word: it
 * carries the interval, and a page that hears nothing for a few of them opens the stream again.
 *
 * <p>Each stream is written by a task of its own, at most one at a time, which sends the latest
 * figures it has not sent yet: a client that stops reading blocks only its own write (a servlet
 * write waits until the socket takes the bytes), misses the figures in between, and is closed once
 * a write has been stuck for {@code stall-timeout}. How many streams are open is bounded, in all
 * and per client address, since each one holds a connection for up to {@code timeout}.
 */
@Component
class LiveStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    static final String OVERVIEW = "overview";
    static final String SUMMARY = "summary";
    static final String HEARTBEAT = "heartbeat";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    /** The headline figures of every projection, for the dashboard; {@code premisesOffered}: those on offer. */
    record Summary(long thirdPlaces, long outsideMetropoles, long fabriquesLabelled, int fabriquesTarget,
                   long activityReports, long participants, double hours, long premises, long premisesOffered,
                   long fundsBudgetEur, long fundsCommittedEur, int generation, long version, Instant asOf) {
    }

    /** How many streams may be open, in all and from one client address. */
    record Limits(int streams, int streamsPerClient, Duration stallTimeout) {
    }

    /** The data of a heartbeat: how many seconds apart heartbeats come when nothing changes. */
    record Heartbeat(long everySeconds) {
    }

    private final LiveProjections live;
    private final Duration interval;
    private final Duration heartbeat;
    private final Duration timeout;
    private final Limits limits;
    private final Map<SseEmitter, Subscriber> subscribers = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** Writes to the streams: a thread per stream being written, none for a stream with nothing to send. */
    private final ExecutorService writers = Executors.newCachedThreadPool(daemon("live-stream-write"));
    private volatile ScheduledExecutorService scheduler;
    private volatile long lastSentNanos = System.nanoTime();

    LiveStream(LiveProjections live,
               @Value("${maillage.reporting.stream.interval:250ms}") Duration interval,
               @Value("${maillage.reporting.stream.heartbeat:15s}") Duration heartbeat,
               @Value("${maillage.reporting.stream.timeout:30m}") Duration timeout,
               @Value("${maillage.reporting.stream.max-streams:500}") int maxStreams,
               @Value("${maillage.reporting.stream.max-streams-per-client:8}") int maxStreamsPerClient,
               @Value("${maillage.reporting.stream.stall-timeout:30s}") Duration stallTimeout) {
        this.live = live;
        this.interval = interval;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.limits = new Limits(maxStreams, maxStreamsPerClient, stallTimeout);
        live.onChange(() -> dirty.set(true));
    }

    /**
     * A new stream for {@code client} (its address): it receives the current figures at once, then
     * every change. Refused with 503 when the service holds as many streams as it allows, 429 when
     * that client does.
     */
    synchronized SseEmitter open(String address) {
        String client = clientOf(address);
        requireRoomFor(client);
        SseEmitter emitter = newEmitter(timeout.toMillis());
        Subscriber subscriber = new Subscriber(emitter, client);
        emitter.onCompletion(() -> subscribers.remove(emitter));
        emitter.onTimeout(() -> close(emitter));
        emitter.onError(error -> subscribers.remove(emitter));
        subscribers.put(emitter, subscriber);
        Set<ResponseBodyEmitter.DataWithMediaType> first = new LinkedHashSet<>(snapshot());
        first.addAll(heartbeat());
        subscriber.offer(Collections.unmodifiableSet(first));
        return emitter;
    }

    /** Refuses, as {@link #open} would, a stream that {@code address} may not open now (a HEAD asks this). */
    synchronized void requireRoomForAnother(String address) {
        requireRoomFor(clientOf(address));
    }

    private void requireRoomFor(String client) {
        if (subscribers.size() >= limits.streams()) {
            throw ApiException.unavailable("This service already serves " + limits.streams()
                    + " live streams; retry later, or read GET /api/v1/overview.", RETRY_AFTER);
        }
        long fromClient = subscribers.values().stream().filter(subscriber -> subscriber.client.equals(client)).count();
        if (fromClient >= limits.streamsPerClient()) {
            throw ApiException.tooManyRequests("This address" + (client.endsWith("/64") ? "'s IPv6 /64 network" : "")
                    + " already has " + fromClient + " live streams open (at most " + limits.streamsPerClient()
                    + "); close one before opening another.", RETRY_AFTER);
        }
    }

    /**
     * Who a stream counts against: an IPv4 address, or the /64 network of an IPv6 one (a single
     * home or office is given a whole /64, and would otherwise have billions of addresses to open
     * streams from).
     */
    static String clientOf(String address) {
        if (address == null || address.indexOf(':') < 0 || !mayBeIpv6Literal(address.charAt(0))) {
            return String.valueOf(address); // behind a proxy, whatever it forwarded: counted as given
        }
        byte[] bytes;
        try {
            // the JDK parses a host starting with a hex digit, ':' or '[' and holding a ':' as an
            // IPv6 literal, and refuses it if it is none: never a name to look up
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return address;
        }
        if (bytes.length != 16) {
            return address; // an IPv4-mapped address, which the JDK gives as IPv4
        }
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }

    private static boolean mayBeIpv6Literal(char first) {
        return first == ':' || first == '[' || Character.digit(first, 16) >= 0;
    }

    /** The emitter of a new stream (a test makes one whose client stops reading). */
    SseEmitter newEmitter(long timeoutMillis) {
        return new SseEmitter(timeoutMillis);
    }

    int openStreams() {
        return subscribers.size();
    }

    private void tick() {
        if (subscribers.isEmpty()) {
            return; // nobody to push to: no snapshot (a new stream gets one of its own when it opens)
        }
        try {
            closeStalled();
            if (dirty.get()) {
                pushChanges();
            } else if (System.nanoTime() - lastSentNanos >= heartbeat.toNanos()) {
                Set<ResponseBodyEmitter.DataWithMediaType> beat = heartbeat();
                subscribers.values().forEach(subscriber -> subscriber.offerIfIdle(beat));
                lastSentNanos = System.nanoTime();
            }
        } catch (RuntimeException e) {
            log.warn("Live stream push failed: {}", e.toString());
        }
    }

    /**
     * Under the lock {@link #open} holds while it adds a stream and offers it the figures: a stream
     * is offered either these figures, or figures read after them when it opens, never older ones
     * after newer (which it would keep until the next change).
     */
    private synchronized void pushChanges() {
        if (dirty.getAndSet(false)) {
            Set<ResponseBodyEmitter.DataWithMediaType> events = snapshot();
            subscribers.values().forEach(subscriber -> subscriber.offer(events));
            lastSentNanos = System.nanoTime();
        }
    }

    /**
     * Streams whose client has not taken a write for {@code stall-timeout} get nothing more and are
     * completed by a writer's thread: the emitter's lock is held by the stuck write, and this thread
     * feeds every stream. They count against the limits until their write gives up.
     */
    private void closeStalled() {
        long now = System.nanoTime();
        subscribers.values().forEach(subscriber -> {
            long since = subscriber.writingSince;
            if (since != 0 && now - since > limits.stallTimeout().toNanos() && subscriber.abandon()) {
                // no client address in the log: a member of the public's address is personal data
                log.info("Closing a live stream: its client has taken nothing for {} s ({} streams open)",
                        limits.stallTimeout().toSeconds(), subscribers.size());
            }
        });
    }

    /** The figures as two events, built once for every stream (a builder is not safe to share between threads). */
    private Set<ResponseBodyEmitter.DataWithMediaType> snapshot() {
        ProjectionSet projections = live.get();
        Overview overview = projections.places().overview();
        FabriqueProgramme programme = projections.places().programme();
        Measures activity = projections.activity().view().summary(ActivityFilter.ALL).total();
        PremisesSummary premises = projections.partnership().premises();
        FundsSummary funds = projections.partnership().funds();
        Summary summary = new Summary(overview.total(), overview.byTerritory().getOrDefault(PlaceCounts.OTHER, 0L),
                programme.labelled(), programme.target(), activity.reports(), activity.participants(), activity.hours(),
                premises.total(), premises.onOffer(), funds.totalBudgetEur(),
                funds.totalCommittedEur(), projections.generation(), live.version(), overview.asOf());
        Set<ResponseBodyEmitter.DataWithMediaType> events = new LinkedHashSet<>();
        events.addAll(SseEmitter.event().name(OVERVIEW).data(overview).build());
        events.addAll(SseEmitter.event().name(SUMMARY).data(summary).build());
        return Collections.unmodifiableSet(events);
    }

    private Set<ResponseBodyEmitter.DataWithMediaType> heartbeat() {
        long seconds = Math.max(1, (heartbeat.toMillis() + 999) / 1000);
        return Collections.unmodifiableSet(new LinkedHashSet<>(
                SseEmitter.event().name(HEARTBEAT).data(new Heartbeat(seconds)).build()));
    }

    private void close(SseEmitter emitter) {
        subscribers.remove(emitter);
        try {
            emitter.complete();
        } catch (RuntimeException ignored) {
            // the connection is already gone
        }
    }

    /** One open stream: the figures it has yet to be sent, and whether a write to it is under way. */
    private final class Subscriber {
        final SseEmitter emitter;
        final String client;
        final AtomicReference<Set<ResponseBodyEmitter.DataWithMediaType>> next = new AtomicReference<>();
        final AtomicBoolean writing = new AtomicBoolean();
        /** Stalled: nothing more is offered, and it is completed once its write gives up. */
        final AtomicBoolean abandoned = new AtomicBoolean();
        /** When the write under way started ({@link System#nanoTime()}), 0 when none is. */
        volatile long writingSince;

        Subscriber(SseEmitter emitter, String client) {
            this.emitter = emitter;
            this.client = client;
        }

        /** The latest figures replace those this stream has not been sent yet (it only needs the latest). */
        void offer(Set<ResponseBodyEmitter.DataWithMediaType> events) {
            if (abandoned.get()) {
                return;
            }
            next.set(events);
            startWriting();
        }

        /** A heartbeat: sent only if no figures wait to be sent, which it must not replace. */
        void offerIfIdle(Set<ResponseBodyEmitter.DataWithMediaType> events) {
            if (!abandoned.get() && next.compareAndSet(null, events)) {
                startWriting();
            }
        }

        /** Marks it stalled and completes it on a writer's thread; false if that was done already. */
        boolean abandon() {
            if (!abandoned.compareAndSet(false, true)) {
                return false;
            }
            next.set(null);
            try {
                writers.execute(() -> {
                    try {
                        emitter.complete(); // waits for the stuck write to give up
                    } catch (RuntimeException gone) {
                        // the connection is already gone
                    } finally {
                        subscribers.remove(emitter);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                subscribers.remove(emitter);
            }
            return true;
        }

        private void startWriting() {
            if (writing.compareAndSet(false, true)) {
                try {
                    writers.execute(this::write);
                } catch (RejectedExecutionException stopping) {
                    writing.set(false);
                }
            }
        }

        private void write() {
            try {
                for (var events = next.getAndSet(null); events != null; events = next.getAndSet(null)) {
                    writingSince = System.nanoTime();
                    emitter.send(events);
                    writingSince = 0;
                }
            } catch (IOException | IllegalStateException e) {
                close(emitter);
            } finally {
                writingSince = 0;
                writing.set(false);
            }
            if (next.get() != null && subscribers.containsKey(emitter)) {
                startWriting(); // figures offered after the loop's last look
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(daemon("live-stream"));
        executor.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    /**
     * Closes every stream first, so that a graceful shutdown does not wait for them; one whose write
     * is stuck is left to the server's shutdown (completing it would wait for that write).
     */
    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        List.copyOf(subscribers.values()).stream().filter(subscriber -> subscriber.writingSince == 0)
                .forEach(subscriber -> close(subscriber.emitter));
        writers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
