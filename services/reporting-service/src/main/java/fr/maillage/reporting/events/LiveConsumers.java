package fr.maillage.reporting.events;

import fr.maillage.messaging.EventConsumer;
import fr.maillage.reporting.store.Generations;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.ProjectionSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the consumers of the live generation, and hands over to a rebuilt generation. */
public final class LiveConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveConsumers.class);
    private static final int POINTER_READS = 5;
    private static final Duration POINTER_READ_PAUSE = Duration.ofMillis(400);

    private final LiveProjections live;
    private final ProjectionConsumers factory;
    private final Generations generations;
    private volatile List<EventConsumer> consumers = List.of();
    private volatile boolean running;
    /** A swapped-in generation the store may or may not name as live (its pointer could not be read back). */
    private volatile ProjectionSet unsettled;

    LiveConsumers(LiveProjections live, ProjectionConsumers factory, Generations generations) {
        this.live = live;
        this.factory = factory;
        this.generations = generations;
    }

    /** Drops what a crash left of other generations (a rebuild cut short, or a swap not cleaned up). */
    void discardStale() {
        int current = live.get().generation();
        for (int generation : generations.present()) {
            if (generation != current) {
                log.info("Discarding projections of generation {} (generation {} is live)", generation, current);
                discard(generation);
            }
        }
    }

    @Override
    public synchronized void start() {
        consumers = factory.create(live.get());
        consumers.forEach(EventConsumer::start);
        running = true;
    }

    @Override
    public synchronized void stop() {
        consumers.forEach(EventConsumer::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public List<EventConsumer> consumers() {
        return consumers;
    }

    /** A swap that left the old generation live; its message names no host, it is shown in the rebuild's status. */
    public static final class SwapFailed extends IllegalStateException {
        public SwapFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Makes a caught-up generation the live one: the old consumers stop, the pointer moves (one
     * atomic write), queries switch, and the old generation's collections and checkpoints go.
     * When the pointer write fails, the store is asked what it holds, since a write whose answer
     * was lost may have been applied: if it names the new generation the swap goes on; otherwise
     * (it names the old one, or cannot be read) the old generation stays live, fed by new consumers
     * (from its checkpoints), the swap fails, and the new one is kept until {@link #settle()} asks
     * again, as a late write could still land. When the old generation cannot be dropped, the new
     * one is live all the same and the next start drops it ({@link #discardStale()}).
     */
    public synchronized void swap(ProjectionSet next, List<EventConsumer> nextConsumers) {
        int old = live.get().generation();
        consumers.forEach(EventConsumer::stop);
        try {
            generations.makeLive(next.generation());
        } catch (RuntimeException e) {
            Integer stored = storedPointer();
            if (stored == null || stored != next.generation()) {
                // a write whose answer was lost may still be applied after the read: the store is asked again later
                unsettled = next;
                start();
                log.warn("The write making generation {} live failed: {}", next.generation(), e.toString());
                if (stored != null) {
                    throw new SwapFailed("The write making generation " + next.generation() + " live failed:"
                            + " generation " + old + " keeps serving", e);
                }
                throw new SwapFailed("The write making generation " + next.generation() + " live failed and the store"
                        + " cannot say whether it was applied: generation " + old + " keeps serving until the store"
                        + " says (it is asked every minute, and by the next rebuild)", e);
            }
            log.warn("The write making generation {} live failed ({}), but the store has it: swapping all the same",
                    next.generation(), e.toString());
        }
        live.adopt(next);
        consumers = List.copyOf(nextConsumers);
        discardReplaced(old, next.generation());
    }

    /**
     * After a swap whose pointer write failed, makes the live generation the one the store names:
     * the kept generation takes over (its consumers resume from their checkpoints) or is discarded.
     * Throws the store's exception, changing nothing, while the pointer cannot be read.
     */
    public synchronized void settle() {
        ProjectionSet pending = unsettled;
        if (pending == null) {
            return;
        }
        int stored = generations.live();
        unsettled = null;
        int old = live.get().generation();
        if (stored != pending.generation()) {
            log.info("The store kept generation {} live: generation {} was not swapped in", old, pending.generation());
            try {
                discard(pending.generation());
            } catch (RuntimeException e) {
                log.warn("Generation {} could not be discarded ({}): the next rebuild or start discards it",
                        pending.generation(), e.toString());
            }
            return;
        }
        consumers.forEach(EventConsumer::stop);
        live.adopt(pending);
        start();
        discardReplaced(old, pending.generation());
    }

    /** Every minute, a swap left unsettled asks the store again: no rebuild request is needed to end it. */
    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    public void settleWhenTheStoreAnswers() {
        if (unsettled == null) {
            return;
        }
        try {
            settle();
        } catch (RuntimeException e) {
            log.warn("Still cannot read which generation the store has live ({}): asking again in a minute",
                    e.toString());
        }
    }

    /** What the store's pointer says, asked a few times over a couple of seconds; null if it cannot be read. */
    private Integer storedPointer() {
        for (int attempt = 1; ; attempt++) {
            try {
                return generations.live();
            } catch (RuntimeException e) {
                if (attempt == POINTER_READS) {
                    log.warn("Cannot read which generation the store has live ({})", e.toString());
                    return null;
                }
            }
            try {
                Thread.sleep(POINTER_READ_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void discardReplaced(int old, int generation) {
        try {
            discard(old);
        } catch (RuntimeException e) {
            log.warn("Projections of generation {} are live; generation {} could not be discarded ({}): the next start"
                    + " discards it", generation, old, e.toString());
            return;
        }
        log.info("Projections of generation {} are live; generation {} discarded", generation, old);
    }

    /**
     * Drops a generation that is not live: its collections and its consumers' checkpoints. The
     * stored pointer is asked too: a pointer whose write lost its answer may name it, and a start
     * would then serve it; and a generation kept until the store says whether it is live stays.
     */
    public synchronized void discard(int generation) {
        ProjectionSet pending = unsettled;
        if (pending != null && pending.generation() == generation) {
            throw new IllegalStateException("Generation " + generation + " may be live: the store has not said yet"
                    + " (it is asked every minute)");
        }
        if (generation == live.get().generation() || generation == generations.live()) {
            throw new IllegalArgumentException("Generation " + generation + " is live");
        }
        generations.drop(generation);
        factory.forget(generation);
    }
}
