package fr.maillage.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The embedded store's hot path, as reporting drives it for each batch of activity events: one
 * {@code $in} read of the batch's facts by {@code _id}, then one unordered bulk write of them
 * (inserts for reports seen for the first time, replacements guarded by the revision read for
 * corrections), each write committed before it is answered. The real driver over TCP, in one
 * JVM with the server (both sides are counted), with the heap and collector the launcher gives
 * the store. Scores are per fact ({@code ops/s} = facts per second).
 *
 * <p>Run with {@code ./maillage jmh StoreBenchmark} (add {@code -prof gc} for allocation per fact).
 * Not a test: the figures go to docs/performance.md with the end-to-end bench beside them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50", "-Xms512m", "-Xmx768m",
        "-Dio.netty.buffer.checkAccessible=false"})
public class StoreBenchmark {

    private static final int BATCH = 500;
    /** A month's cells in the national cube: categories × régions. */
    private static final int CELLS = 10 * 18;
    private static final int COUNTER_DOCUMENTS = 60;

    /** Facts already stored when the measurement starts (each benchmark adds its own). */
    @Param("300000")
    public int stored;

    private Path dir;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> facts;
    private MongoCollection<Document> cube;
    private final SplittableRandom random = new SplittableRandom(42);
    private final List<String> storedIds = new ArrayList<>();
    private long offset;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("maillage-store-bench");
        server = new MongoServer(DurableH2Backend.open(dir.resolve("bench.mv.db")));
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://localhost:" + address.getPort());
        facts = client.getDatabase("reporting").getCollection("activity_reports");
        List<Document> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < stored; i++) {
            String id = newId();
            storedIds.add(id);
            batch.add(fact(id, 1));
            if (batch.size() == BATCH) {
                facts.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            facts.insertMany(batch);
        }
        cube = client.getDatabase("reporting").getCollection("activity_cube");
        for (int month = 1; month <= 12; month++) {
            cube.bulkWrite(counterUpdates("2026-" + (month < 10 ? "0" : "") + month, CELLS), new BulkWriteOptions().ordered(false));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        server.shutdownNow();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A batch of reports seen for the first time: the read finds none of them, all are inserted. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int newReports() {
        List<String> ids = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            ids.add(newId());
        }
        int found = 0;
        for (Document ignored : facts.find(Filters.in("_id", ids))) {
            found++;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(BATCH);
        for (String id : ids) {
            writes.add(new InsertOneModel<>(fact(id, 1)));
        }
        return found + facts.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getInsertedCount();
    }

    /** A batch of corrections of stored reports: all are read, then replaced over the revision read. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int corrections() {
        List<String> ids = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            ids.add(storedIds.get(random.nextInt(storedIds.size())));
        }
        List<WriteModel<Document>> writes = new ArrayList<>(BATCH);
        for (Document current : facts.find(Filters.in("_id", ids))) {
            long revision = current.getLong("revision");
            writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", current.getString("_id")),
                    Filters.eq("revision", revision)), fact(current.getString("_id"), revision + 1)));
        }
        return facts.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getModifiedCount();
    }

    /**
     * A batch's counters: reporting's update of each counter document it touched, {@code $inc}
     * of a few cells' three counters (here the month documents of the national cube, each with its
     * 180 cells) and {@code $max} of the partition's offset. Scored per document updated.
     */
    @Benchmark
    @OperationsPerInvocation(COUNTER_DOCUMENTS)
    public int counters() {
        List<WriteModel<Document>> writes = new ArrayList<>(COUNTER_DOCUMENTS);
        for (int i = 0; i < COUNTER_DOCUMENTS / 12; i++) {
            for (int month = 1; month <= 12; month++) {
                writes.addAll(counterUpdates("2026-" + (month < 10 ? "0" : "") + month, 1 + random.nextInt(40)));
            }
        }
        return cube.bulkWrite(writes, new BulkWriteOptions().ordered(false)).getModifiedCount();
    }

    private List<WriteModel<Document>> counterUpdates(String month, int cells) {
        Document increments = new Document();
        for (int i = 0; i < cells; i++) {
            String cell = "parts.CATEGORY" + random.nextInt(10) + "|" + (11 + random.nextInt(18));
            increments.append(cell + ".reports", 1L).append(cell + ".participants", (long) random.nextInt(40))
                    .append(cell + ".hours100", (long) random.nextInt(1_000));
        }
        Document update = new Document("$max", new Document("applied.maillage_activity_events_v1-" + random.nextInt(6), offset++))
                .append("$inc", increments);
        return List.of(new UpdateOneModel<>(Filters.eq("_id", month), update, new UpdateOptions().upsert(true)));
    }

    /** Ids spread over the key space as publisher|report ids are. */
    private String newId() {
        return "org-" + random.nextInt(2_000) + "|report-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    /** The shape reporting stores: the latest revision, its cells, a pending transition. */
    private Document fact(String id, long revision) {
        int place = random.nextInt(1_800);
        return new Document("_id", id).append("revision", revision).append("month", "2026-" + (10 + random.nextInt(3)))
                .append("category", "WORKSHOP").append("region", String.valueOf(11 + random.nextInt(80)))
                .append("network", "tl-fabrique-" + (place % 300)).append("thirdPlaceId", "tl-" + place)
                .append("participants", (long) random.nextInt(40)).append("hours100", (long) random.nextInt(1_000))
                .append("pending", List.of(List.of("maillage.activity.events.v1-" + random.nextInt(6), offset++)));
    }
}
