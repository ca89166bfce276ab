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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes the overview and a summary of the other figures to every open stream. Changes only mark
 * the stream dirty; a single thread pushes at most once per interval, so a burst of a thousand
 * batches becomes a few pushes, and sends a heartbeat comment when nothing changed for a while.
 */
@Component
class LiveStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    static final String OVERVIEW = "overview";
    static final String SUMMARY = "summary";

    /** The headline figures of every projection, for the dashboard. */
    record Summary(long thirdPlaces, long outsideMetropoles, long fabriquesLabelled, int fabriquesTarget,
                   long activityReports, long participants, double hours, long premises, long premisesOffered,
                   long fundsBudgetEur, long fundsCommittedEur, int generation, long version, Instant asOf) {
    }

    private final LiveProjections live;
    private final Duration interval;
    private final Duration heartbeat;
    private final Duration timeout;
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Object sending = new Object();
    private volatile ScheduledExecutorService scheduler;
    private volatile long lastSentNanos = System.nanoTime();

    LiveStream(LiveProjections live,
               @Value("${maillage.reporting.stream.interval:250ms}") Duration interval,
               @Value("${maillage.reporting.stream.heartbeat:15s}") Duration heartbeat,
               @Value("${maillage.reporting.stream.timeout:30m}") Duration timeout) {
        this.live = live;
        this.interval = interval;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        live.onChange(() -> dirty.set(true));
    }

    /** A new stream: it receives the current figures at once, then every change. */
    SseEmitter open() {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> close(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        synchronized (sending) {
            emitters.add(emitter);
            send(emitter, snapshot());
        }
        return emitter;
    }

    int openStreams() {
        return emitters.size();
    }

    private void tick() {
        if (emitters.isEmpty()) {
            return; // nobody to push to: no snapshot (a new stream gets one of its own when it opens)
        }
        try {
            if (dirty.getAndSet(false)) {
                List<SseEmitter.SseEventBuilder> events = snapshot();
                synchronized (sending) {
                    emitters.forEach(emitter -> send(emitter, events));
                }
                lastSentNanos = System.nanoTime();
            } else if (System.nanoTime() - lastSentNanos >= heartbeat.toNanos()) {
                synchronized (sending) {
                    emitters.forEach(emitter -> send(emitter, List.of(SseEmitter.event().comment("heartbeat"))));
                }
                lastSentNanos = System.nanoTime();
            }
        } catch (RuntimeException e) {
            log.warn("Live stream push failed: {}", e.toString());
        }
    }

    private List<SseEmitter.SseEventBuilder> snapshot() {
        ProjectionSet projections = live.get();
        Overview overview = projections.places().overview();
        FabriqueProgramme programme = projections.places().programme();
        Measures activity = projections.activity().view().summary(ActivityFilter.ALL).total();
        PremisesSummary premises = projections.partnership().premises();
        FundsSummary funds = projections.partnership().funds();
        Summary summary = new Summary(overview.total(), overview.byTerritory().getOrDefault(PlaceCounts.OTHER, 0L),
                programme.labelled(), programme.target(), activity.reports(), activity.participants(), activity.hours(),
                premises.total(), premises.byStatus().getOrDefault("OFFERED", 0L), funds.totalBudgetEur(),
                funds.totalCommittedEur(), projections.generation(), live.version(), overview.asOf());
        return List.of(SseEmitter.event().name(OVERVIEW).data(overview), SseEmitter.event().name(SUMMARY).data(summary));
    }

    private void send(SseEmitter emitter, List<SseEmitter.SseEventBuilder> events) {
        try {
            for (SseEmitter.SseEventBuilder event : events) {
                emitter.send(event);
            }
        } catch (IOException | IllegalStateException e) {
            close(emitter);
        }
    }

    private void close(SseEmitter emitter) {
        emitters.remove(emitter);
        try {
            emitter.complete();
        } catch (RuntimeException ignored) {
            // the connection is already gone
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "live-stream");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    /** Closes every stream first, so that a graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        List.copyOf(emitters).forEach(this::close);
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
