package fr.maillage.bench;

import java.util.Arrays;

/** Latency samples in microseconds; percentiles by sorting (the sample counts here are small). */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long micros) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = micros;
    }

    /**
     * A sample of a probe that waits for each answer before its next request, corrected for the
     * requests it did not send meanwhile (coordinated omission): a probe due every
     * {@code intervalMicros} would have sent more during a stall of {@code micros}, and they would
     * have waited {@code micros - interval}, {@code micros - 2 × interval} … So a stall weighs in the
     * percentiles by how long it lasted, not as one sample (as HdrHistogram's expected interval does).
     */
    synchronized void addWithExpectedInterval(long micros, long intervalMicros) {
        add(micros);
        if (intervalMicros <= 0) {
            return;
        }
        for (long missed = micros - intervalMicros; missed >= intervalMicros; missed -= intervalMicros) {
            add(missed);
        }
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile in milliseconds (p in 0..100), NaN when empty. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1000.0;
    }
}
