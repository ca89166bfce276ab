package fr.maillage.devstack;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server, made durable: every write command is committed to the file
 * before it is answered.
 *
 * <p>Out of the box the backend leaves recent writes in memory and lets H2's background writer
 * commit them about once a second, so a client can be told "ok" for a write that a hard kill then
 * loses. Here the answer to a write is only returned (and so only sent) after a commit that began
 * once the write was done: an MVStore commit writes a new chunk to the file, which survives the
 * death of this process (surviving a power cut would also need an fsync).
 *
 * <p>Commits are grouped: writers that finish while a commit runs wait for the next one, and one
 * commit then stores them all, instead of queueing for one commit each. Reads commit nothing and
 * so never wait behind a commit.
 */
public class DurableH2Backend extends H2Backend {

    /** Commands that change nothing stored (lower case); any other command is followed by a commit. */
    private static final Set<String> READS = Set.of("find", "getmore", "count", "distinct", "listcollections",
            "listindexes", "listdatabases", "hello", "ismaster", "ping", "buildinfo", "killcursors", "endsessions",
            "dbstats", "collstats", "serverstatus", "whatsmyuri", "getparameter", "connectionstatus", "hostinfo",
            "getlog", "getcmdlineopts", "getlasterror", "getfreemonitoringstatus");

    /** The page cache, in MB of decoded pages (the launcher gives this JVM a heap for it). */
    static final int CACHE_MB = 192;

    private final MVStore store;
    private final Object commitLock = new Object();
    /** Commits numbered above a value read after a write began after it, and so store it. */
    private final AtomicLong commitsStarted = new AtomicLong();
    private volatile long commitsFinished;

    public DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    /** Opens (or creates) the store in {@code file}, locking it against a second server. */
    public static DurableH2Backend open(Path file) {
        // Compacting only below a third full: with a commit per write the store writes many small
        // chunks that soon hold little live data, and rewriting them (the default starts below 90 %)
        // kept a background thread busy re-reading and re-encoding pages. The read cache holds
        // decoded pages: at the default 16 MB, lookups in a collection of a million documents
        // read and decoded a page from the file almost every time.
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCompactFillRate(30)
                .cacheSize(CACHE_MB).open();
        return new DurableH2Backend(store);
    }

    /** Its databases store documents as BSON rather than with Java serialization. */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new DurableH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Every command, whether sent as OP_MSG (current drivers) or as a legacy OP_QUERY on {@code $cmd}. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            if (!READS.contains(command.toLowerCase(Locale.ROOT))) {
                commitWrites();
            }
        }
    }

    /** Returns once a commit that began after the caller's writes has stored them. */
    void commitWrites() {
        long before = commitsStarted.get();
        synchronized (commitLock) {
            if (commitsFinished > before) {
                return; // a commit that began after our writes is done: it stored them
            }
            long number = commitsStarted.incrementAndGet();
            store.commit();
            commitsFinished = number;
        }
    }
}
