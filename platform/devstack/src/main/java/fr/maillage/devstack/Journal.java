package fr.maillage.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.DataType;
import org.slf4j.LoggerFactory;

/**
 * The store's redo log: every change to a map of documents or of an index, recorded as it is
 * made and written to a file before the write is answered.
 *
 * <p>A record is the key and the new value (or its removal) of one map entry, so replaying a
 * record twice, or replaying it over pages that already hold a later value, leaves what the last
 * record says: the pages committed at a checkpoint need only hold everything before the position
 * recorded with them, not exactly that. The records of one operation on a collection (a document
 * and its index keys) are appended together, as one frame with one checksum, when the operation
 * ends (one on many documents: at the end of a document, once they fill a frame) and under that
 * collection's lock. So the records of one entry are in the file in the order they were applied,
 * and a replay applies a document's write whole or, when its frame was cut short by a crash, not
 * at all (MongoDB's guarantee: a write to one document is atomic). An operation never answered
 * is not in the file in part.
 *
 * <p>The file is cut into segments at each checkpoint, named by the position they start at; a
 * segment is deleted once the store's file replays from a later one. Only the last segment can end in a
 * frame cut short by a crash: its operation was never acknowledged, and replay stops there.
 */
final class Journal implements AutoCloseable {

    private static final String SUFFIX = ".journal";
    private static final byte PUT = 1;
    private static final byte REMOVE = 2;
    private static final int HEADER = Integer.BYTES * 2; // body length, CRC-32C of the body
    /**
     * Set in a frame's length when the body is a group of records, each preceded by its length;
     * a frame without it holds one record (the first version of this journal wrote only those).
     */
    private static final int GROUP = 0x8000_0000;
    /** Past this size, an operation's records are appended at the end of a document rather than of the operation. */
    private static final int FRAME_BYTES = 256 * 1024;

    private final Path dir;
    /** The records of the operation each thread is applying, encoded before the append lock is taken. */
    private final ThreadLocal<Operation> operations = ThreadLocal.withInitial(Operation::new);

    private final Object appendLock = new Object();
    private ByteBuffer pending = ByteBuffer.allocate(1 << 20); // guarded by appendLock
    private long appended; // guarded by appendLock

    private final Object fileLock = new Object();
    private ByteBuffer spare = ByteBuffer.allocate(1 << 20); // guarded by fileLock
    private FileChannel segment; // guarded by fileLock
    private volatile long written;
    /** Once a write to the file failed, nothing more is acknowledged: the records it held are not in the file. */
    private volatile IOException failed;

    /** Told the first time a write to the file fails (the store stops: see {@link DurableH2Backend#open}). */
    private final Consumer<IOException> onFailure;

    private Journal(Path dir, long start, Consumer<IOException> onFailure) throws IOException {
        this.dir = dir;
        this.appended = start;
        this.written = start;
        this.onFailure = onFailure;
        openSegment(start);
    }

    /** Starts a new segment at {@code start}, after every record earlier segments hold. */
    static Journal startAt(Path dir, long start) {
        return startAt(dir, start, failure -> { });
    }

    static Journal startAt(Path dir, long start, Consumer<IOException> onFailure) {
        try {
            Files.createDirectories(dir);
            return new Journal(dir, start, onFailure);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the journal in " + dir, e);
        }
    }

    /**
     * Starts an operation: the records made until {@link #endOperation()} in this thread are
     * appended together then. Operations nest; the outermost one's end appends.
     */
    void beginOperation() {
        operations.get().depth++;
    }

    /**
     * Ends an operation (call it in a finally); the outermost appends its records as one frame.
     * The end of an inner one is a document's end (see {@link #documentWritten()}).
     */
    void endOperation() {
        Operation operation = operations.get();
        if (--operation.depth == 0) {
            appendGroup(operation.records);
        } else {
            documentWritten();
        }
    }

    /**
     * The records so far make whole documents: an operation on many documents (an update of every
     * document of a collection) appends them once they fill a frame, so that a frame stays small;
     * each document is still whole in one frame (MongoDB's atomicity is per document).
     */
    void documentWritten() {
        Operation operation = operations.get();
        if (operation.depth > 0 && operation.records.position() >= FRAME_BYTES) {
            appendGroup(operation.records);
        }
    }

    void put(MVMap<?, ?> map, Object key, Object value) {
        record(map, PUT, key, value);
    }

    void remove(MVMap<?, ?> map, Object key) {
        record(map, REMOVE, key, null);
    }

    /** Encodes a record into its operation's group; outside an operation, it is a group of its own. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void record(MVMap<?, ?> map, byte operation, Object key, Object value) {
        Operation current = operations.get();
        WriteBuffer records = current.records;
        int start = records.position();
        try {
            records.putInt(0).putInt(map.getId()).put(operation);
            ((DataType) map.getKeyType()).write(records, key);
            if (operation == PUT) {
                ((DataType) map.getValueType()).write(records, value);
            }
        } catch (RuntimeException | Error e) {
            records.position(start); // nothing of a record that could not be encoded
            throw e;
        }
        records.putInt(start, records.position() - start - Integer.BYTES);
        if (current.depth == 0) {
            appendGroup(records);
        }
    }

    private void appendGroup(WriteBuffer records) {
        if (records.position() == 0) {
            return;
        }
        ByteBuffer bytes = records.getBuffer();
        bytes.flip();
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        synchronized (appendLock) {
            if (pending.remaining() < HEADER + bytes.remaining()) {
                pending = grow(pending, HEADER + bytes.remaining());
            }
            pending.putInt(bytes.remaining() | GROUP).putInt((int) crc.getValue()).put(bytes);
            appended += HEADER + bytes.limit();
        }
        records.clear();
    }

    /** Where the records appended so far end. */
    long position() {
        synchronized (appendLock) {
            return appended;
        }
    }

    /**
     * Returns once every record before {@code position} is in the file (written, not forced to the
     * disk: it survives this process's death, like a commit of the store's pages). Writers that
     * wait together are written together.
     */
    void awaitWritten(long position) {
        if (written >= position) {
            return;
        }
        synchronized (fileLock) {
            if (written < position) {
                writePending();
            }
        }
    }

    /**
     * Writes what is pending, closes the segment and opens the next at the position where it
     * ended, which it answers: every record before it was applied to the maps before it was
     * appended, so a commit begun now holds them all.
     */
    long cut() {
        synchronized (fileLock) {
            writePending();
            long start = written;
            try {
                segment.close();
                openSegment(start);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start a journal segment in " + dir, e);
            }
            return start;
        }
    }

    /** Deletes the segments whose records all come before {@code position}. */
    void deleteBefore(long position) {
        for (Path file : segments(dir)) {
            if (startOf(file) < position) {
                delete(file);
            }
        }
    }

    @Override
    public void close() {
        synchronized (fileLock) {
            try {
                writePending();
                segment.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close the journal in " + dir, e);
            }
        }
    }

    // guarded by fileLock
    private void writePending() {
        if (failed != null) {
            throw new UncheckedIOException("The journal in " + dir + " could not be written: the store acknowledges"
                    + " no more writes. Stop it; the next start replays what the journal holds", failed);
        }
        ByteBuffer full;
        long end;
        synchronized (appendLock) {
            full = pending;
            end = appended;
            pending = spare;
            pending.clear();
        }
        spare = full;
        full.flip();
        try {
            while (full.hasRemaining()) {
                segment.write(full);
            }
        } catch (IOException e) {
            failed = e;
            onFailure.accept(e);
            throw new UncheckedIOException("Cannot write the journal in " + dir, e);
        }
        written = end;
    }

    // guarded by fileLock
    private void openSegment(long start) throws IOException {
        segment = FileChannel.open(dir.resolve(name(start)), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static ByteBuffer grow(ByteBuffer buffer, int needed) {
        ByteBuffer larger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + needed));
        buffer.flip();
        return larger.put(buffer);
    }

    // ---------------------------------------------------------------------------------------------
    // Replay

    /**
     * What a replay did: the records applied, those naming a map no longer in the store, where
     * the last complete frame ends, and what was missing or cut short.
     */
    record Replayed(long records, long skipped, long end, List<String> problems) {
    }

    /**
     * Applies every record from {@code from} on to the maps {@code maps} gives by id, in order,
     * and answers where the last complete frame ends. A record for a map the file does not have
     * is skipped: a map created since the last checkpoint, by a write that was never acknowledged
     * (one that writes to a new map waits for a checkpoint), or dropped since (a drop is too).
     */
    static Replayed replay(Path dir, IntFunction<MVMap<?, ?>> maps, long from) {
        Map<Integer, MVMap<?, ?>> open = new HashMap<>();
        List<Path> files = segments(dir).stream().filter(file -> startOf(file) >= from).toList();
        List<String> problems = new ArrayList<>();
        long records = 0;
        long skipped = 0;
        long end = from;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long start = startOf(file);
            if (start != end) {
                problems.add("the journal has no record from " + end + " to " + start + " (segment missing)");
            }
            ByteBuffer bytes;
            try {
                bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
            while (bytes.remaining() >= HEADER) {
                int word = bytes.getInt(bytes.position());
                int length = word & ~GROUP;
                if (length == 0 || length > bytes.remaining() - HEADER) {
                    break;
                }
                ByteBuffer body = bytes.slice(bytes.position() + HEADER, length);
                CRC32C crc = new CRC32C();
                crc.update(body.duplicate());
                if ((int) crc.getValue() != bytes.getInt(bytes.position() + Integer.BYTES)) {
                    break;
                }
                List<Change> changes;
                try {
                    changes = decode((word & GROUP) == 0 ? List.of(body) : recordsOf(body), open, maps);
                } catch (RuntimeException e) {
                    // whole and checked, yet unreadable: written by a defect, not cut by a crash
                    problems.add(file + " holds at byte " + bytes.position() + " a frame that cannot be read (" + e
                            + "); its changes were not replayed");
                    changes = List.of();
                }
                for (Change change : changes) {
                    if (change.map() == null) {
                        skipped++;
                    } else {
                        change.apply();
                        records++;
                    }
                }
                bytes.position(bytes.position() + HEADER + length);
            }
            end = start + bytes.position();
            if (bytes.hasRemaining() && i < files.size() - 1) {
                problems.add(file + " is damaged at byte " + bytes.position() + " although a later segment follows;"
                        + " the records after that point in it are lost");
            }
        }
        if (files.isEmpty() && from > 0) {
            problems.add("the journal's segment from " + from + " is missing: changes after the last checkpoint are lost");
        }
        return new Replayed(records, skipped, end, problems);
    }

    /** The records of a group, each preceded by its length. */
    private static List<ByteBuffer> recordsOf(ByteBuffer group) {
        List<ByteBuffer> records = new ArrayList<>();
        while (group.hasRemaining()) {
            int length = group.getInt();
            records.add(group.slice(group.position(), length));
            group.position(group.position() + length);
        }
        return records;
    }

    /** A record read: {@code map} null when the store does not have it (then skipped). */
    private record Change(MVMap<Object, Object> map, byte operation, Object key, Object value) {
        void apply() {
            if (operation == PUT) {
                map.put(key, value);
            } else {
                map.remove(key);
            }
        }
    }

    /** Reads every record of a frame before any is applied, so that a frame is replayed whole or not at all. */
    @SuppressWarnings("unchecked")
    private static List<Change> decode(List<ByteBuffer> records, Map<Integer, MVMap<?, ?>> open,
                                       IntFunction<MVMap<?, ?>> maps) {
        List<Change> changes = new ArrayList<>(records.size());
        for (ByteBuffer record : records) {
            MVMap<Object, Object> map = (MVMap<Object, Object>) open.computeIfAbsent(record.getInt(), maps::apply);
            byte operation = record.get();
            if (operation != PUT && operation != REMOVE) {
                throw new IllegalStateException("unknown operation " + operation);
            }
            if (map == null) {
                changes.add(new Change(null, operation, null, null));
                continue;
            }
            Object key = map.getKeyType().read(record);
            Object value = operation == PUT ? map.getValueType().read(record) : null;
            changes.add(new Change(map, operation, key, value));
        }
        return changes;
    }

    /** The records a thread's current operation made, and how deeply its operations are nested. */
    private static final class Operation {
        final WriteBuffer records = new WriteBuffer(1024);
        int depth;
    }

    /** Deletes every segment, saying why in the log. */
    static void deleteSegments(Path dir, String why) {
        for (Path file : segments(dir)) {
            LoggerFactory.getLogger(Journal.class).warn("Deleting journal segment {}: {}", file, why);
            delete(file);
        }
    }

    private static void delete(Path segment) {
        try {
            Files.deleteIfExists(segment);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + segment, e);
        }
    }

    private static List<Path> segments(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> segments = new ArrayList<>(files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .toList());
            segments.sort((a, b) -> Long.compare(startOf(a), startOf(b)));
            return segments;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static long startOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    private static String name(long start) {
        return String.format(Locale.ROOT, "%020d%s", start, SUFFIX);
    }
}
