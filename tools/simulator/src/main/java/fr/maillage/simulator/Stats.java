package fr.maillage.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the publishers did and saw: requests, item outcomes, retries, latencies. */
final class Stats {

    final LongAdder batches = new LongAdder();
    final LongAdder resentBatches = new LongAdder();
    final LongAdder failedBatches = new LongAdder();
    final LongAdder items = new LongAdder();
    final LongAdder revisions = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder tooMany = new LongAdder();
    final LongAdder unavailable = new LongAdder();
    final LongAdder ioErrors = new LongAdder();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong rejectionsShown = new AtomicLong();

    void throttled(int status) {
        (status == 429 ? tooMany : unavailable).increment();
    }

    void ioError() {
        ioErrors.increment();
    }

    void latency(long micros) {
        latencies.add(micros);
    }

    /** Shows the first few refusals: a simulator should send nothing the service refuses. */
    void rejected(String reportId, String reason) {
        rejected.increment();
        if (rejectionsShown.incrementAndGet() <= 5) {
            System.err.println("simulator: report " + reportId + " was REJECTED: " + reason);
        }
    }

    /** Latency percentiles of the batches that were answered, in milliseconds. */
    Map<String, Double> latencyMillis() {
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        Map<String, Double> percentiles = new LinkedHashMap<>();
        if (sorted.isEmpty()) {
            return percentiles;
        }
        for (double p : new double[]{50, 90, 99, 100}) {
            int index = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1);
            percentiles.put(p == 100 ? "max" : "p" + (int) p, sorted.get(Math.max(0, index)) / 1000.0);
        }
        return percentiles;
    }
}
