package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's write buffer kept across checkpoints, and what it writes read back. */
class ChunkBufferFileStoreTest {

    private static final int CHUNK_BYTES = 12 * 1024 * 1024;
    private static final int VALUE_BYTES = 4096;

    @TempDir
    Path dir;

    @Test
    void aChunkLargerThanWhatH2KeepsLeavesABufferOfItsSizeThatTheNextChunksReuse() {
        Path file = dir.resolve("store.mv.db");
        ChunkBufferFileStore files = ChunkBufferFileStore.open(file, 16, 30);
        MVStore store = new MVStore.Builder().adoptFileStore(files).autoCommitDisabled().open();
        MVMap<Integer, byte[]> map = store.openMap("documents");
        assertThat(files.keptCapacity()).as("nothing kept before a large chunk").isZero();

        writeChunk(store, map, 0, CHUNK_BYTES);
        int kept = files.keptCapacity();
        assertThat(kept).as("kept after a chunk of about %d bytes", CHUNK_BYTES).isGreaterThan(ChunkBufferFileStore.H2_KEEPS);

        WriteBuffer taken = files.getWriteBuffer();
        assertThat(taken.capacity()).isEqualTo(kept);
        assertThat(taken.position()).as("cleared").isZero();
        assertThat(files.keptCapacity()).as("taken while a chunk is written").isZero();
        files.releaseWriteBuffer(taken);
        assertThat(files.keptCapacity()).isEqualTo(kept);

        writeChunk(store, map, 1, CHUNK_BYTES / 2);
        assertThat(files.keptCapacity()).as("a smaller chunk reuses it, as it is").isEqualTo(kept);
        store.close();

        MVStore reopened = new MVStore.Builder().adoptFileStore(ChunkBufferFileStore.open(file, 16, 30)).open();
        MVMap<Integer, byte[]> read = reopened.openMap("documents");
        int entries = CHUNK_BYTES / VALUE_BYTES;
        assertThat(read.size()).isEqualTo(entries + entries / 2);
        assertThat(read.get(7)).isEqualTo(value(0, 7));
        assertThat(read.get(entries + 7)).isEqualTo(value(1, entries + 7));
        reopened.close();
    }

    @Test
    void aBufferOfAnotherSizeIsNotKeptWhileTheKeptOneIsThere() {
        ChunkBufferFileStore files = ChunkBufferFileStore.open(dir.resolve("store.mv.db"), 16, 30);
        MVStore store = new MVStore.Builder().adoptFileStore(files).autoCommitDisabled().open();
        files.releaseWriteBuffer(new WriteBuffer(8 * 1024 * 1024));
        assertThat(files.keptCapacity()).isEqualTo(8 * 1024 * 1024);

        files.releaseWriteBuffer(new WriteBuffer(6 * 1024 * 1024)); // another writer's, grown meanwhile
        assertThat(files.keptCapacity()).isEqualTo(8 * 1024 * 1024);

        files.releaseWriteBuffer(new WriteBuffer(80 * 1024 * 1024)); // never more than the largest kept
        WriteBuffer taken = files.getWriteBuffer();
        files.releaseWriteBuffer(new WriteBuffer(80 * 1024 * 1024));
        assertThat(files.keptCapacity()).isEqualTo(ChunkBufferFileStore.LARGEST_KEPT);
        assertThat(taken.capacity()).isEqualTo(8 * 1024 * 1024);
        store.close();
    }

    /** About {@code bytes} of incompressible values after those of the earlier rounds, committed as one chunk. */
    private static void writeChunk(MVStore store, MVMap<Integer, byte[]> map, int round, int bytes) {
        int first = round * (CHUNK_BYTES / VALUE_BYTES);
        for (int key = first; key < first + bytes / VALUE_BYTES; key++) {
            map.put(key, value(round, key));
        }
        store.commit();
    }

    private static byte[] value(int round, int key) {
        byte[] value = new byte[VALUE_BYTES];
        new Random(31L * round + key).nextBytes(value);
        return value;
    }
}
