package fr.maillage.devstack;

import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server, made durable: every message is committed to the file
 * before it is answered.
 *
 * <p>Out of the box the backend leaves recent writes in memory and lets H2's background writer
 * commit them about once a second, so a client can be told "ok" for a write that a hard kill then
 * loses. Here the answer to a message is only returned (and so only sent) after
 * {@link H2Backend#commit()}, which writes a new MVStore chunk to the file. A commit with nothing
 * to write returns at once, so reads cost nothing extra. The write reaches the operating system,
 * which survives the death of this process; surviving a power cut would also need an fsync.
 *
 * <p>A commit per message costs a few milliseconds: clients should coalesce their writes into
 * bulk operations (one commit per batch).
 */
public class DurableH2Backend extends H2Backend {

    public DurableH2Backend(MVStore store) {
        super(store);
    }

    /** Opens (or creates) the store in {@code file}, locking it against a second server. */
    public static DurableH2Backend open(Path file) {
        // compacting only below half full: with a commit per message the store writes many small
        // chunks, and the default (rewrite below 90 %) kept a background thread re-reading them
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCompactFillRate(50).open();
        return new DurableH2Backend(store);
    }

    /** Its databases store documents as BSON rather than with Java serialization. */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new DurableH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** OP_MSG: what the current drivers send for every command, reads and writes alike. */
    @Override
    public Document handleMessage(MongoMessage message) {
        try {
            return super.handleMessage(message);
        } finally {
            commit();
        }
    }

    /** Commands sent as legacy OP_QUERY on {@code $cmd} arrive here directly. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            commit();
        }
    }
}
