package fr.maillage.devstack;

import java.util.List;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A stored document written and read by {@link BsonBytes} and by the library's encoder and
 * decoder: reporting's fact of an activity report as the store receives it, with its pending
 * transition. {@code ./maillage jmh BsonBytesBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BsonBytesBenchmark {

    private final Document fact = new Document("_id", "org-0a1b2c3d-4e5f-6789-abcd-ef0123456789|report-000123456")
            .append("revision", 1L).append("month", "2026-11").append("category", "WORKSHOP").append("region", "52")
            .append("network", "fab-0a1b2c3d-4e5f-6789").append("thirdPlaceId", "tl-9f8e7d6c-5b4a-3210")
            .append("participants", 12L).append("hours100", 250L)
            .append("pending", List.of(List.of("maillage_activity_events-3", 1234567L)));
    private final byte[] stored = BsonBytes.encode(fact);

    @Benchmark
    public byte[] encode() {
        return BsonBytes.encode(fact);
    }

    @Benchmark
    public byte[] encodeByLibrary() {
        ByteBuf buffer = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(fact, buffer);
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    @Benchmark
    public Document decode() {
        return BsonBytes.decode(stored);
    }

    @Benchmark
    public Document decodeByLibrary() {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(stored));
    }
}
