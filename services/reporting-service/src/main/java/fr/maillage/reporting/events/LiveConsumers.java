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
     */
    public synchronized void swap(ProjectionSet next, List<EventConsumer> nextConsumers) {
        int old = live.get().generation();
        consumers.forEach(EventConsumer::stop);
        generations.makeLive(next.generation());
        live.adopt(next);
        consumers = List.copyOf(nextConsumers);
        discard(old);
        log.info("Projections of generation {} are live; generation {} discarded", next.generation(), old);
    }

    /** Drops a generation that is not live: its collections and its consumers' checkpoints. */
    public void discard(int generation) {
        if (generation == live.get().generation()) {
            throw new IllegalArgumentException("Generation " + generation + " is live");
        }
        generations.drop(generation);
        factory.forget(generation);
    }
}
