package fr.maillage.devstack;

import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * H2's single-file store, keeping one large write buffer for the chunks that checkpoints write.
 * H2 keeps none larger than 4 MB: it starts each chunk in a 1 MB buffer and grows it by half
 * again until the chunk fits. Under load a checkpoint's chunk is 10 to 50 MB, so every checkpoint
 * allocated, zeroed and copied about three times its chunk in arrays too large for G1's regions,
 * each of which could also start one of its concurrent cycles (docs/performance.md).
 */
final class ChunkBufferFileStore extends SingleFileStore {

    /** What H2 keeps itself ({@code FileStore.releaseWriteBuffer}). */
    static final int H2_KEEPS = 4 * 1024 * 1024;
    /** The largest buffer kept between checkpoints; a larger chunk grows a buffer of its own. */
    static final int LARGEST_KEPT = 64 * 1024 * 1024;

    /** The buffer this store made, the only one it keeps, and its own array's size (guarded by this). */
    private WriteBuffer made;
    private int madeCapacity;
    /** Whether {@link #made} is here, not in a chunk being written. */
    private boolean kept;
    private int buffersMade;
    private int reuses;

    private ChunkBufferFileStore(Map<String, Object> config) {
        super(config);
    }

    /** Opens (or creates) {@code file}, locked against a second process, with H2's settings of the same names. */
    static ChunkBufferFileStore open(Path file, int cacheMegabytes, int autoCompactFillRate) {
        Map<String, Object> config = new HashMap<>();
        config.put("cacheSize", cacheMegabytes);
        config.put("autoCompactFillRate", autoCompactFillRate);
        ChunkBufferFileStore store = new ChunkBufferFileStore(config);
        store.open(file.toString(), false, (char[]) null);
        return store;
    }

    @Override
    public synchronized WriteBuffer getWriteBuffer() {
        if (kept) {
            kept = false;
            reuses++;
            return made.clear(); // back to its own array if a larger chunk grew it
        }
        return super.getWriteBuffer();
    }

    /**
     * The buffer made here comes back here. One that grew past what H2 keeps (the one made here
     * included, for a larger chunk) is replaced by a buffer of its size, at most
     * {@link #LARGEST_KEPT}, made once for the next chunks to reuse. Any other buffer is H2's:
     * grown past its size, its {@code clear()} would take it back to a smaller array, so it is left
     * to H2, which drops it.
     */
    @Override
    public synchronized void releaseWriteBuffer(WriteBuffer buffer) {
        int capacity = buffer.capacity();
        if (buffer != made && capacity <= H2_KEEPS) {
            super.releaseWriteBuffer(buffer);
        } else if (capacity > madeCapacity && madeCapacity < LARGEST_KEPT) {
            madeCapacity = Math.min(capacity, LARGEST_KEPT);
            made = new WriteBuffer(madeCapacity);
            buffersMade++;
            kept = true;
        } else if (buffer == made) {
            kept = true;
        }
    }

    /** The size of the buffer kept for the next chunk, 0 while none is (for tests). */
    synchronized int keptCapacity() {
        return kept ? madeCapacity : 0;
    }

    /** How many buffers this store made (for tests). */
    synchronized int buffersMade() {
        return buffersMade;
    }

    /** How many times the buffer made here was handed out again (for tests). */
    synchronized int reuses() {
        return reuses;
    }
}
