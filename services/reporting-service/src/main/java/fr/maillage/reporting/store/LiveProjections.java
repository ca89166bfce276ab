package fr.maillage.reporting.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The generation of the projections that queries read, and the signal that it changed. */
public final class LiveProjections {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private volatile ProjectionSet current;

    public LiveProjections(ProjectionSet initial) {
        adopt(initial);
    }

    public ProjectionSet get() {
        return current;
    }

    /** Makes a set the one queries read; from now on its changes are signalled. */
    public void adopt(ProjectionSet set) {
        set.onChange(() -> {
            if (current == set) {
                changed();
            }
        });
        current = set;
        changed();
    }

    /** Called after each change of the live projections (for the live stream). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Grows with every change, so that two summaries of different states always differ. */
    public long version() {
        return version.get();
    }

    private void changed() {
        version.incrementAndGet();
        listeners.forEach(Runnable::run);
    }
}
