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
    private static final int ENTRIES = CHUNK_BYTES / VALUE_BYTES;

    @TempDir
    Path dir;

    @Test
    void chunksLargerThanWhatH2KeepsReuseOneBufferMadeForTheFirst() {
        Path file = dir.resolve("store.mv.db");
        ChunkBufferFileStore files = ChunkBufferFileStore.open(file, 16, 30);
        MVStore store = new MVStore.Builder().adoptFileStore(files).autoCommitDisabled().open();
        MVMap<Integer, byte[]> map = store.openMap("documents");
        assertThat(files.buffersMade()).as("none before a large chunk").isZero();

        writeChunk(store, map, 0, ENTRIES);
        int kept = files.keptCapacity();
        assertThat(kept).as("kept after a chunk of about %d bytes", CHUNK_BYTES).isGreaterThan(ChunkBufferFileStore.H2_KEEPS);
        for (int round = 1; round < 4; round++) {
            int before = files.reuses();
            writeChunk(store, map, round, ENTRIES / 2);
            assertThat(files.reuses()).as("chunk %d written in the kept buffer", round).isGreaterThan(before);
        }
        assertThat(files.buffersMade()).as("one buffer for four chunks").isEqualTo(1);
        assertThat(files.keptCapacity()).isEqualTo(kept);
        store.close();

        MVStore reopened = new MVStore.Builder().adoptFileStore(ChunkBufferFileStore.open(file, 16, 30)).open();
        MVMap<Integer, byte[]> read = reopened.openMap("documents");
        assertThat(read.size()).isEqualTo(ENTRIES + 3 * (ENTRIES / 2));
        assertThat(read.get(7)).isEqualTo(value(0, 7));
        assertThat(read.get(3 * ENTRIES + 7)).isEqualTo(value(3, 3 * ENTRIES + 7));
        reopened.close();
    }

    @Test
    void onlyTheBufferItMadeIsKeptAndALargerChunkMakesALargerOneUpToTheLargestKept() {
        ChunkBufferFileStore files = ChunkBufferFileStore.open(dir.resolve("store.mv.db"), 16, 30);
        MVStore store = new MVStore.Builder().adoptFileStore(files).autoCommitDisabled().open();
        files.releaseWriteBuffer(grown(8 * 1024 * 1024)); // H2's, grown for a chunk of 8 MB
        assertThat(files.keptCapacity()).isEqualTo(8 * 1024 * 1024);
        WriteBuffer ours = files.getWriteBuffer();
        assertThat(files.keptCapacity()).as("taken while a chunk is written").isZero();

        // a chunk of the same size written meanwhile in one of H2's buffers, grown to the same size
        // from a smaller array: kept, it would start every later chunk small again
        files.releaseWriteBuffer(grown(ours.capacity()));
        assertThat(files.keptCapacity()).isZero();
        files.releaseWriteBuffer(ours);
        assertThat(files.getWriteBuffer()).isSameAs(ours);
        files.releaseWriteBuffer(ours);

        files.releaseWriteBuffer(grown(80 * 1024 * 1024));
        assertThat(files.keptCapacity()).isEqualTo(ChunkBufferFileStore.LARGEST_KEPT);
        assertThat(files.getWriteBuffer()).isNotSameAs(ours);
        assertThat(files.buffersMade()).isEqualTo(2);
        store.close();
    }

    /** A buffer as H2 makes one (1 MB) grown by writing {@code bytes} into it. */
    private static WriteBuffer grown(int bytes) {
        WriteBuffer buffer = new WriteBuffer();
        buffer.put(new byte[bytes]);
        return buffer;
    }

    /** {@code entries} incompressible values after those of the earlier rounds, committed as one chunk. */
    private static void writeChunk(MVStore store, MVMap<Integer, byte[]> map, int round, int entries) {
        int first = round * ENTRIES;
        for (int key = first; key < first + entries; key++) {
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
