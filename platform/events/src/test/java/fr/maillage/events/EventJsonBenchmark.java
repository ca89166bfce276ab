package fr.maillage.events;

import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Writing and reading an activity report's payload, the JSON every accepted report costs
 * activity-service (write) and reporting-service (read).
 *
 * <p>Every event type's sample is written and read first, many times: a service writes several
 * types, so the serializers' calls are not of one type only, as they would be if only this payload
 * were ever written (which made the benchmark several times faster than the same code in a service).
 *
 * <p>Run with {@code ./maillage jmh --module platform/events EventJsonBenchmark -prof gc}. Not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EventJsonBenchmark {

    private final ActivityReportPublished report =
            (ActivityReportPublished) ActivitySamples.SAMPLES.get(ActivityEvents.REPORT_PUBLISHED);
    private final byte[] json = EventJson.write(report);

    @Setup
    public void everyTypeFirst() {
        for (int i = 0; i < 20_000; i++) {
            ContractSamples.SAMPLES.forEach((type, payload) -> EventJson.read(EventJson.write(payload), type.payloadType()));
        }
    }

    @Benchmark
    public byte[] write() {
        return EventJson.write(report);
    }

    @Benchmark
    public ActivityReportPublished read() {
        return EventJson.read(json, ActivityReportPublished.class);
    }
}
