package fr.maillage.reporting.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the in-memory views of the live projections in step with the store when several instances
 * share the work: the instances of reporting form one consumer group, so each applies only the
 * partitions assigned to it and updates its views from its own batches. Every {@code interval}
 * this re-reads the counter and state documents (states by version first, so unchanged ones cost
 * little), and a query answered by any instance is at most that much behind the store.
 * {@code maillage.reporting.refresh-interval}; 0 turns it off (a single instance needs none).
 */
public final class ProjectionRefresh implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRefresh.class);

    private final LiveProjections live;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private volatile boolean failing;

    public ProjectionRefresh(LiveProjections live, Duration interval) {
        this.live = live;
        this.interval = interval;
    }

    /** One refresh of the live generation; answers whether a view changed. */
    public boolean refreshNow() {
        return live.get().refresh();
    }

    private void tick() {
        try {
            refreshNow();
            if (failing) {
                log.info("Projection refresh works again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // the store is down: the consumers pause meanwhile, the next tick tries again
            if (!failing) {
                log.warn("Projection refresh failed, retrying every {}: {}", interval, e.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "projection-refresh");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
