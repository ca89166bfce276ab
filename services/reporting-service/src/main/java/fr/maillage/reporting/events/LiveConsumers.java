package fr.maillage.reporting.events;

import fr.maillage.messaging.EventConsumer;
import fr.maillage.reporting.store.Generations;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.ProjectionSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.List;

/** Runs the consumers of the live generation, and hands over to a rebuilt generation. */
public final class LiveConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveConsumers.class);

    private final LiveProjections live;
    private final ProjectionConsumers factory;
    private final Generations generations;
    private volatile List<EventConsumer> consumers = List.of();
    private volatile boolean running;

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

    /**
     * Makes a caught-up generation the live one: the old consumers stop, the pointer moves (one
     * atomic write), queries switch, and the old generation's collections and checkpoints go.
     * When the pointer cannot be written the old generation stays live, fed by new consumers
     * (from its checkpoints), and the swap fails; when the old generation cannot be dropped, the
     * new one is live all the same and the next start drops it ({@link #discardStale()}).
     */
    public synchronized void swap(ProjectionSet next, List<EventConsumer> nextConsumers) {
        int old = live.get().generation();
        consumers.forEach(EventConsumer::stop);
        try {
            generations.makeLive(next.generation());
        } catch (RuntimeException e) {
            start();
            throw e;
        }
        live.adopt(next);
        consumers = List.copyOf(nextConsumers);
        try {
            discard(old);
        } catch (RuntimeException e) {
            log.warn("Projections of generation {} are live; generation {} could not be discarded ({}): the next start"
                    + " discards it", next.generation(), old, e.toString());
            return;
        }
        log.info("Projections of generation {} are live; generation {} discarded", next.generation(), old);
    }

    /**
     * Drops a generation that is not live: its collections and its consumers' checkpoints. The
     * stored pointer is asked too: a pointer whose write lost its answer may name it, and a start
     * would then serve it.
     */
    public void discard(int generation) {
        if (generation == live.get().generation() || generation == generations.live()) {
            throw new IllegalArgumentException("Generation " + generation + " is live");
        }
        generations.drop(generation);
        factory.forget(generation);
    }
}
