package fr.maillage.bench;

/**
 * The stack's resident memory, read every 5 s while the phases run (the launcher's {@code mem}):
 * the peak of them all, or -1 when a reading failed (a part gone would drop out of the sum).
 */
final class MemoryPeak {

    private final Stack stack;
    private final Thread sampler;
    private volatile long peak;
    private volatile boolean failed;
    private volatile boolean running = true;

    private MemoryPeak(Stack stack) {
        this.stack = stack;
        this.sampler = new Thread(this::sample, "memory-peak");
        this.sampler.setDaemon(true);
    }

    static MemoryPeak start(Stack stack) {
        MemoryPeak memory = new MemoryPeak(stack);
        memory.sampler.start();
        return memory;
    }

    /** Stops sampling after one last reading; the peak in MiB, or -1 if some reading failed. */
    long stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        read();
        return failed ? -1 : peak;
    }

    private void sample() {
        while (running) {
            read();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void read() {
        try {
            long now = stack.residentMiB();
            if (now < 0) {
                failed = true;
            }
            peak = Math.max(peak, now);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return; // stopped while reading: the last reading of stop() stands for it
            }
            failed = true;
        }
    }
}
