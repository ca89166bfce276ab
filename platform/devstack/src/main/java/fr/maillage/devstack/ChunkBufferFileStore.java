package fr.maillage.devstack;

import org.h2.mvstore.SingleFileStore;
import org.h2.mvstore.WriteBuffer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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

    /** The kept buffer while no chunk is being written into it. */
    private final AtomicReference<WriteBuffer> kept = new AtomicReference<>();
    private volatile int keptCapacity;

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
    public WriteBuffer getWriteBuffer() {
        WriteBuffer buffer = kept.getAndSet(null);
        return buffer != null ? buffer.clear() : super.getWriteBuffer();
    }

    /**
     * The kept buffer comes back here. One that grew past what H2 keeps (the kept one included,
     * for a larger chunk) is replaced by a buffer of its size, at most {@link #LARGEST_KEPT},
     * made once for the next chunks to reuse.
     */
    @Override
    public void releaseWriteBuffer(WriteBuffer buffer) {
        int capacity = buffer.capacity();
        if (capacity <= H2_KEEPS) {
            super.releaseWriteBuffer(buffer);
        } else if (capacity == keptCapacity) {
            kept.set(buffer);
        } else if (kept.get() == null) {
            keptCapacity = Math.min(Math.max(capacity, keptCapacity), LARGEST_KEPT);
            kept.set(new WriteBuffer(keptCapacity));
        }
    }

    /** The capacity of the buffer kept for the next chunk, 0 while none is (for tests). */
    int keptCapacity() {
        WriteBuffer buffer = kept.get();
        return buffer == null ? 0 : buffer.capacity();
    }
}
