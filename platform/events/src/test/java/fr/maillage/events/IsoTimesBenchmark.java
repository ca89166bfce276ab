package fr.maillage.events;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * Reading the instant and the date an activity event carries ({@code ce_time} or
 * {@code publishedAt}, and {@code date}): {@link IsoTimes} against the JDK's parsers.
 *
 * <p>Run with {@code ./maillage jmh --module platform/events IsoTimesBenchmark -prof gc} (bytes
 * allocated per operation in {@code gc.alloc.rate.norm}). Not a test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IsoTimesBenchmark {

    private final String instant = "2026-11-30T07:09:42.747206645Z";
    private final String date = "2026-11-20";

    @Benchmark
    public long jdk() {
        return Instant.parse(instant).getNano() + LocalDate.parse(date).toEpochDay();
    }

    @Benchmark
    public long isoTimes() {
        return IsoTimes.instant(instant).getNano() + IsoTimes.date(date).toEpochDay();
    }
}
