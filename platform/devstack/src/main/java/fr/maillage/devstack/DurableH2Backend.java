package fr.maillage.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.ErrorCode;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 backend of mongo-java-server, made durable: every write is in a file before it is
 * answered, and a write waits for a short append to a journal, not for the store's pages.
 *
 * <p>Out of the box the backend leaves recent writes in memory and lets H2's background writer
 * commit them about once a second, so a client can be told "ok" for a write that a hard kill then
 * loses. Committing before every answer (what this class did until the tenth session) made every
 * write wait for a commit, and a commit writes whole every page it changed: under load, tens of
 * milliseconds each, a commit running half of the time. As MongoDB's storage engine does, a write
 * now appends each entry it changes to the {@link Journal}, is answered once that is written (an
 * append to a file, which survives the death of this process; surviving a power cut would also
 * need an fsync), and the pages are committed at a checkpoint about once a second, with the journal
 * position from which to replay them. Opening the store replays the journal from there.
 *
 * <p>Commands other than reads and document writes (creating or dropping a collection or an
 * index, renaming) change the store's structure, which the journal does not record: they, and a
 * write to a collection or index created since the last checkpoint (whose map replay could not
 * find), are answered after a checkpoint. Writers that finish together share one append to the
 * file, and commands that need a checkpoint share one. Reads wait for nothing.
 *
 * <p>Each document's write (the document and its index keys) is journaled whole:
 * {@link IdFirstH2Collection} marks its collection's operations and the end of each document in
 * them, and the {@link Journal} appends an operation's records as one frame, replayed whole or
 * not at all. Not done: a checkpoint's commit (or one H2 starts itself), which
 * runs beside the writers, can store in the pages part of a document still being written; if the
 * process died after that commit was in the file and before that document's frame was (appended
 * as its operation ends, microseconds later unless its thread is descheduled that long), the
 * pages would keep that part. Excluding it would make every writer wait for each commit.
 *
 * <p>Measured in docs/performance.md (tenth and eleventh sessions); {@code MongoWireServerDurabilityTest} kills
 * the server while clients write and checks every acknowledged write afterwards.
 */
public class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    /** Commands that change nothing stored (lower case). */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "hello", "ismaster", "ping", "buildinfo", "killcursors", "endsessions",
            "dbstats", "collstats", "serverstatus", "whatsmyuri", "getparameter", "connectionstatus", "hostinfo",
            "getlog", "getcmdlineopts", "getlasterror", "getfreemonitoringstatus", "explain");
    /** Commands that change documents only (an aggregation may write with $out): the journal holds all they do. */
    private static final Set<String> DOCUMENT_WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "aggregate");

    /** The page cache, in MB of decoded pages (the launcher gives this JVM a heap for it). */
    static final int CACHE_MB = 192;
    /** How often the pages are committed, and the journal cut, while writes come in. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    /**
     * The map (not a collection) where a checkpoint records where to replay the journal from: no
     * dot in its name, which no database's drop ("every map named {@code <db>.…}") can match.
     */
    private static final String CHECKPOINT_MAP = "maillage-journal";
    /**
     * Database names the backend's map names cannot tell apart from its own prefixes ("meta.…",
     * "databases.…"): a database of that name would have its index maps opened with the wrong
     * types when the journal is replayed.
     */
    private static final Set<String> RESERVED_DATABASES = Set.of("meta", "databases");
    private static final String REPLAY_FROM = "replayFrom";
    /** Set in a command's thread when it changed a map created since the last checkpoint. */
    private static final ThreadLocal<boolean[]> NEEDS_CHECKPOINT = ThreadLocal.withInitial(() -> new boolean[1]);

    private final MVStore store;
    private final MVMap<String, Long> checkpoints;
    private final Journal journal;
    /** Maps created since a checkpoint, with the number of checkpoints started when they were. */
    private final Map<Integer, Long> createdMaps = new ConcurrentHashMap<>();

    private final Object checkpointLock = new Object();
    /** Checkpoints numbered above a value read after a change was made began after it, and so hold it. */
    private final AtomicLong checkpointsStarted = new AtomicLong();
    private volatile long checkpointsFinished;
    private long lastCut; // guarded by checkpointLock
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread checkpointer;

    private DurableH2Backend(MVStore store, MVMap<String, Long> checkpoints, Journal journal) {
        super(store); // opens every database, collection and index, with the types replay gave their maps
        this.store = store;
        this.checkpoints = checkpoints;
        this.journal = journal;
        this.lastCut = journal.position();
        store.commit(); // whatever opening created (nothing is journaled before this line)
        checkpointer = new Thread(this::checkpointEverySecond, "maillage-store-checkpoint");
        checkpointer.setDaemon(true);
        checkpointer.start();
    }

    /**
     * Opens (or creates) the store in {@code file}, locking it against a second server, with its
     * journal beside it: the changes journaled after the last checkpoint are replayed into the
     * maps before anything reads them.
     */
    public static DurableH2Backend open(Path file) {
        return open(file, DurableH2Backend::halt);
    }

    /**
     * Stops the process at once when the journal cannot be written (a full disk): the change that
     * failed is already in the maps, readable and bound for the page file at the next commit, and
     * every later write would be too, each answered with an error. Halted, nothing more is
     * committed, and the next start replays every write that was acknowledged (and perhaps the
     * last few the journal held whose answers had not gone yet), as MongoDB does when its journal
     * fails.
     */
    private static void halt(IOException failure) {
        log.error("Cannot write the store's journal ({}): stopping at once, so that nothing not acknowledged"
                + " reaches the store's file; free some space, then start it again (the journal is replayed)",
                failure.toString());
        System.err.println("maillage store: cannot write the journal (" + failure + "); stopping");
        System.err.flush();
        Runtime.getRuntime().halt(74);
    }

    /** {@link #open(Path)}, telling {@code onJournalFailure} instead of stopping the process (tests). */
    static DurableH2Backend open(Path file, Consumer<IOException> onJournalFailure) {
        // Compacting only below a third full: the store writes many small chunks that soon hold
        // little live data, and rewriting them (the default starts below 90 %) kept a background
        // thread busy re-reading and re-encoding pages. The read cache holds decoded pages: at the
        // default 16 MB, lookups in a collection of a million documents read and decoded a page
        // from the file almost every time. The pages changed between two checkpoints stay in
        // memory: H2 would otherwise commit them itself, in a writer's thread, past 19 MB.
        MVStore store = new MVStore.Builder().adoptFileStore(ChunkBufferFileStore.open(file, CACHE_MB, 30))
                .autoCommitBufferSize(64 * 1024).open();
        Path journalDir = file.resolveSibling(file.getFileName() + ".journal");
        try {
            MVMap<String, Long> checkpoints = store.openMap(CHECKPOINT_MAP);
            Long from = checkpoints.get(REPLAY_FROM);
            long end;
            if (from == null) {
                // a store without checkpoints never had a journal: segments there belong to another file
                Journal.deleteSegments(journalDir, "they do not belong to " + file);
                end = 0;
            } else {
                Journal.Replayed replayed = Journal.replay(journalDir, id -> openMap(store, id), from);
                if (replayed.records() > 0 || replayed.skipped() > 0) {
                    log.info("Replayed {} changes journaled after the last checkpoint ({} to maps created since,"
                            + " by writes never acknowledged, skipped)", replayed.records(), replayed.skipped());
                }
                replayed.problems().forEach(problem -> log.warn("Journal in {}: {}", journalDir, problem));
                end = replayed.end();
            }
            // the replayed pages first, then the position (a commit H2 starts meanwhile could
            // otherwise store the position with a map reached before the replay's last changes)
            store.commit();
            Journal journal = Journal.startAt(journalDir, end, onJournalFailure);
            checkpoints.put(REPLAY_FROM, end);
            store.commit();
            journal.deleteBefore(end);
            return new DurableH2Backend(store, checkpoints, journal);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /**
     * A map of the file, opened with the types its collection or index gives it (before the
     * backend opens them: it then gets these), or null if the file has no map of that id.
     */
    private static MVMap<?, ?> openMap(MVStore store, int id) {
        String name = store.getMapName(id);
        if (name == null) {
            return null;
        }
        return store.openMap(name, DurableH2Database.builderFor(name));
    }

    /** Its databases store documents as BSON rather than with Java serialization, and journal their changes. */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return DurableH2Database.open(databaseName, getMvStore(), getCursorRegistry(), this);
    }

    /** Every command, whether sent as OP_MSG (current drivers) or as a legacy OP_QUERY on {@code $cmd}. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (RESERVED_DATABASES.contains(databaseName)) {
            throw new MongoServerError(ErrorCode.InvalidNamespace, "The embedded store reserves the database name '"
                    + databaseName + "' (its own maps' names begin with it); use another name");
        }
        String name = command.toLowerCase(Locale.ROOT);
        refuseMovingACollection(name, query);
        boolean[] needsCheckpoint = NEEDS_CHECKPOINT.get();
        needsCheckpoint[0] = false;
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            if (!READS.contains(name)) {
                if (needsCheckpoint[0] || !DOCUMENT_WRITES.contains(name)) {
                    checkpoint();
                } else {
                    // everything appended so far, so that an answer read from another writer's change
                    // (a duplicate key, nothing matched) is not sent before that change is in the file
                    journal.awaitWritten(journal.position());
                }
            }
        }
    }

    /**
     * The H2 backend renames a moved collection's document map under its new name, not under its
     * old one, and never its index maps: after a restart the collection is empty. Nothing in
     * Maillage renames collections or aggregates into one ({@code $out}); both are refused.
     */
    private static void refuseMovingACollection(String command, Document query) {
        boolean out = command.equals("aggregate") && query.get("pipeline") instanceof List<?> stages
                && stages.stream().anyMatch(stage -> stage instanceof Document document && document.containsKey("$out"));
        if (command.equals("renamecollection") || out) {
            throw new MongoServerError(ErrorCode.IllegalOperation, "The embedded store does not move collections"
                    + " (renameCollection, $out): its H2 backend would lose their documents at the next start");
        }
    }

    /**
     * The oplog would write to its collection within another collection's operation, which the
     * journal appends as one frame after that collection's lock is released: out of order.
     */
    @Override
    public void enableOplog() {
        throw new UnsupportedOperationException("The embedded store's journal does not support the oplog");
    }

    /** A map is being created: until a checkpoint holds it, a command that writes to it waits for one. */
    void creatingMap(MVMap<?, ?> map) {
        if (journal != null) { // null while the super constructor opens the databases: committed after it
            createdMaps.put(map.getId(), checkpointsStarted.get());
            NEEDS_CHECKPOINT.get()[0] = true;
        }
    }

    /** A collection's operation begins: its changes are journaled together when it ends (see {@link Journal}). */
    void beginOperation() {
        if (journal != null) {
            journal.beginOperation();
        }
    }

    void endOperation() {
        if (journal != null) {
            journal.endOperation();
        }
    }

    void documentWritten() {
        if (journal != null) {
            journal.documentWritten();
        }
    }

    void journalPut(MVMap<?, ?> map, Object key, Object value) {
        if (journal != null) {
            journal.put(map, key, value);
            mindNewMap(map);
        }
    }

    void journalRemove(MVMap<?, ?> map, Object key) {
        if (journal != null) {
            journal.remove(map, key);
            mindNewMap(map);
        }
    }

    private void mindNewMap(MVMap<?, ?> map) {
        if (!createdMaps.isEmpty() && createdMaps.containsKey(map.getId())) {
            NEEDS_CHECKPOINT.get()[0] = true; // replay could not write into a map the file does not have
        }
    }

    /**
     * Commits every change made before it began; returns once that is in the file. Callers that
     * arrive while one runs share the next.
     *
     * <p>The position to replay from is recorded after the commit, and so stored by the next one:
     * a commit records each map as it reaches it, and one that H2 starts by itself could otherwise
     * store a position together with a map reached before a change the position covers. Until the
     * next commit, the file replays from the previous checkpoint, whose segments are kept till then.
     */
    void checkpoint() {
        long before = checkpointsStarted.get();
        synchronized (checkpointLock) {
            if (checkpointsFinished > before) {
                return; // a checkpoint that began after our changes is done: it holds them
            }
            long number = checkpointsStarted.incrementAndGet();
            if (journal.position() != lastCut || store.hasUnsavedChanges()) {
                long replayingFrom = lastCut;
                long cut = journal.cut();
                store.commit();
                journal.deleteBefore(replayingFrom); // the file replays from there at least, since this commit
                if (cut != replayingFrom) {
                    checkpoints.put(REPLAY_FROM, cut);
                }
                lastCut = cut;
            }
            createdMaps.values().removeIf(started -> started < number);
            checkpointsFinished = number;
        }
    }

    private void checkpointEverySecond() {
        try {
            while (!stop.await(CHECKPOINT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    checkpoint();
                } catch (RuntimeException e) {
                    log.error("Checkpoint failed; the journal keeps every change until one succeeds", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tests: no more checkpoints, so that what is written next is in the journal only. */
    void stopCheckpoints() throws InterruptedException {
        stop.countDown();
        checkpointer.join(10_000);
    }

    /**
     * Tests: the store as a {@code kill -9} after its last acknowledged write leaves it, the pages
     * of the last checkpoint and the journal's frames (every acknowledged write was written there
     * before its answer); {@link #close()} does nothing after it.
     */
    void halt() throws InterruptedException {
        stopCheckpoints();
        journal.close();
        getMvStore().closeImmediately();
    }

    /** Stops the checkpoints, commits everything and closes the journal, then the store. */
    @Override
    public void close() {
        if (stop.getCount() == 0) {
            return;
        }
        stop.countDown();
        try {
            checkpointer.join(10_000);
            checkpoint();
            journal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Could not checkpoint on close; the store commits what it holds, the journal is replayed at the"
                    + " next start", e);
        } finally {
            super.close(); // commits, with the position of the last cut
        }
        try {
            long replayFrom;
            synchronized (checkpointLock) {
                replayFrom = lastCut;
            }
            journal.deleteBefore(replayFrom); // the file now replays from there
        } catch (RuntimeException e) {
            log.warn("Could not delete old journal segments: {}", e.toString());
        }
    }
}
