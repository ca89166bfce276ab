package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    @Test
    void replaysEveryChangeInOrderIntoTheMapsOfTheSameIds() {
        writeJournal();

        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        Journal.Replayed replayed = Journal.replay(dir, store::getMap, 0);

        assertThat(replayed.records()).isEqualTo(6);
        assertThat(replayed.problems()).isEmpty();
        assertThat(new TreeMap<>(places)).isEqualTo(Map.of("b", "2", "c", "3", "d", "5"));
    }

    @Test
    void replayedOverPagesThatAlreadyHoldLaterValuesEndsWithTheLastValueOfEachKey() {
        writeJournal();

        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        places.put("d", "5"); // a checkpoint taken after the journal's position wrote the latest value
        places.put("a", "1");
        Journal.replay(dir, store::getMap, 0);

        assertThat(new TreeMap<>(places)).isEqualTo(Map.of("b", "2", "c", "3", "d", "5"));
    }

    @Test
    void stopsAtARecordCutShortByACrashAndSaysWhereTheLastWholeRecordEnds() throws IOException {
        long end = writeJournal();
        Path segment = onlySegment();
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            file.truncate(end - 3); // the last record, d=5, half written
        }

        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        Journal.Replayed replayed = Journal.replay(dir, store::getMap, 0);

        assertThat(replayed.records()).isEqualTo(5);
        assertThat(replayed.end()).isLessThan(end - 3);
        assertThat(new TreeMap<>(places)).isEqualTo(Map.of("b", "2", "c", "3", "d", "4"));
        assertThat(replayed.problems()).as("the cut is at the end of the last segment: expected after a crash").isEmpty();
    }

    @Test
    void skipsTheRecordsOfAMapTheStoreNoLongerHas() {
        writeJournal();

        MVStore store = new MVStore.Builder().open(); // "places" never opened: dropped since
        Journal.Replayed replayed = Journal.replay(dir, store::getMap, 0);

        assertThat(replayed.records()).isZero();
        assertThat(replayed.skipped()).isEqualTo(6);
    }

    @Test
    void startsReplayingAtTheCheckpointedPositionAndDeletesSegmentsBeforeIt() {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        Journal journal = Journal.startAt(dir, 0);
        journal.put(places, "a", "1");
        long checkpoint = journal.cut(); // a checkpoint holds a=1
        journal.put(places, "b", "2");
        journal.awaitWritten(journal.position());
        journal.close();

        MVStore restarted = new MVStore.Builder().open();
        MVMap<String, String> replayedPlaces = restarted.openMap("places");
        Journal.Replayed replayed = Journal.replay(dir, restarted::getMap, checkpoint);
        assertThat(replayed.records()).isEqualTo(1);
        assertThat(new TreeMap<>(replayedPlaces)).isEqualTo(Map.of("b", "2"));

        Journal.startAt(dir, replayed.end()).deleteBefore(replayed.end());
        assertThat(segments()).hasSize(1);
    }

    @Test
    void anOperationsRecordsAreReplayedWholeOrNotAtAll() throws IOException {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> documents = store.openMap("documents");
        MVMap<String, String> index = store.openMap("index");
        long operationStart;
        long end;
        try (Journal journal = Journal.startAt(dir, 0)) {
            journal.put(documents, "a", "1"); // outside an operation: a group of its own
            operationStart = journal.position();
            journal.beginOperation(); // a document with its index key, as a collection writes it
            journal.put(documents, "b", "2");
            journal.beginOperation(); // nested (an upsert inserting): still the outer operation
            journal.put(index, "key-b", "b");
            journal.endOperation();
            assertThat(journal.position()).as("nothing appended before the operation ends").isEqualTo(operationStart);
            journal.endOperation();
            end = journal.position();
            journal.awaitWritten(end);
        }

        MVStore whole = new MVStore.Builder().open();
        whole.openMap("documents");
        whole.openMap("index");
        Journal.Replayed replayed = Journal.replay(dir, whole::getMap, 0);
        assertThat(replayed.records()).isEqualTo(3);
        assertThat(replayed.end()).isEqualTo(end);
        assertThat(whole.<String, String>openMap("index")).containsEntry("key-b", "b");

        try (FileChannel file = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
            file.truncate(end - 3); // the crash came while the operation's frame was written: b=2 is whole in it
        }
        MVStore cut = new MVStore.Builder().open();
        MVMap<String, String> cutDocuments = cut.openMap("documents");
        MVMap<String, String> cutIndex = cut.openMap("index");
        Journal.Replayed afterCrash = Journal.replay(dir, cut::getMap, 0);
        assertThat(afterCrash.records()).isEqualTo(1);
        assertThat(afterCrash.end()).isEqualTo(operationStart);
        assertThat(new TreeMap<>(cutDocuments)).isEqualTo(Map.of("a", "1"));
        assertThat(cutIndex).isEmpty();
    }

    @Test
    void anOperationOnManyDocumentsIsAppendedInFramesOfWholeDocuments() throws IOException {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> documents = store.openMap("documents");
        MVMap<String, String> index = store.openMap("index");
        String large = "x".repeat(10_000);
        long end;
        try (Journal journal = Journal.startAt(dir, 0)) {
            journal.beginOperation(); // an update of every document of a collection
            for (int i = 0; i < 100; i++) {
                journal.put(index, "key-" + i, "doc-" + i);
                journal.put(documents, "doc-" + i, large);
                journal.documentWritten();
            }
            assertThat(journal.position()).as("frames appended while the operation runs").isPositive();
            journal.endOperation();
            end = journal.position();
            journal.awaitWritten(end);
        }
        try (FileChannel file = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
            file.truncate(end - 5_000); // a crash while the last frame was written
        }

        MVStore restarted = new MVStore.Builder().open();
        MVMap<String, String> replayedDocuments = restarted.openMap("documents");
        MVMap<String, String> replayedIndex = restarted.openMap("index");
        Journal.replay(dir, restarted::getMap, 0);

        assertThat(replayedDocuments.size()).isBetween(1, 99);
        assertThat(replayedIndex.size()).as("each document with its index key").isEqualTo(replayedDocuments.size());
        replayedIndex.forEach((key, document) -> assertThat(replayedDocuments).containsKey(document));
    }

    @Test
    void aRecordThatCannotBeEncodedLeavesNothingInItsOperationsFrame() {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        @SuppressWarnings({"unchecked", "rawtypes"})
        MVMap<Object, Object> untyped = (MVMap) places;
        try (Journal journal = Journal.startAt(dir, 0)) {
            journal.beginOperation();
            try {
                journal.put(places, "a", "1");
                assertThatThrownBy(() -> journal.put(untyped, "b", new Object())) // not serializable
                        .isInstanceOf(RuntimeException.class);
            } finally {
                journal.endOperation();
            }
            journal.put(places, "c", "3");
            journal.awaitWritten(journal.position());
        }

        MVStore restarted = new MVStore.Builder().open();
        MVMap<String, String> replayedPlaces = restarted.openMap("places");
        Journal.Replayed replayed = Journal.replay(dir, restarted::getMap, 0);

        assertThat(replayed.problems()).isEmpty();
        assertThat(new TreeMap<>(replayedPlaces)).isEqualTo(Map.of("a", "1", "c", "3"));
    }

    @Test
    void stopsWithoutFailingAtALengthNoFrameCanHave() throws IOException {
        writeJournal();
        Files.write(onlySegment(), new byte[] {-1, -1, -1, -1, 0, 0, 0, 0, 1, 2, 3}, StandardOpenOption.APPEND);

        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        Journal.Replayed replayed = Journal.replay(dir, store::getMap, 0);

        assertThat(replayed.records()).isEqualTo(6);
        assertThat(new TreeMap<>(places)).isEqualTo(Map.of("b", "2", "c", "3", "d", "5"));
    }

    @Test
    void anOperationStillRunningIsNotWrittenByAnotherWritersWait() throws IOException {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> documents = store.openMap("documents");
        try (Journal journal = Journal.startAt(dir, 0)) {
            journal.beginOperation();
            journal.put(documents, "b", "2");
            journal.awaitWritten(journal.position()); // what another writer's answer waits for
            assertThat(Files.size(onlySegment())).isZero();
            journal.endOperation();
            journal.awaitWritten(journal.position());
            assertThat(Files.size(onlySegment())).isPositive();
        }
    }

    @Test
    void readsTheSingleRecordFramesOfTheJournalsFirstVersion() throws IOException {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        WriteBuffer body = new WriteBuffer(64);
        body.putInt(places.getId()).put((byte) 1); // a put, then its key and value, with no length of its own
        places.getKeyType().write(body, "a");
        places.getValueType().write(body, "1");
        ByteBuffer bytes = body.getBuffer().flip();
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        ByteBuffer frame = ByteBuffer.allocate(8 + bytes.remaining()).putInt(bytes.remaining()).putInt((int) crc.getValue())
                .put(bytes).flip();
        Files.write(dir.resolve(String.format("%020d.journal", 0)), Arrays.copyOf(frame.array(), frame.limit()));

        MVStore restarted = new MVStore.Builder().open();
        MVMap<String, String> replayedPlaces = restarted.openMap("places");
        Journal.Replayed replayed = Journal.replay(dir, restarted::getMap, 0);

        assertThat(replayed.records()).isEqualTo(1);
        assertThat(replayed.problems()).isEmpty();
        assertThat(new TreeMap<>(replayedPlaces)).isEqualTo(Map.of("a", "1"));
    }

    /** a=1, b=2, a removed, c=3, d=4 then d=5, in one segment; answers where it ends. */
    private long writeJournal() {
        MVStore store = new MVStore.Builder().open();
        MVMap<String, String> places = store.openMap("places");
        try (Journal journal = Journal.startAt(dir, 0)) {
            journal.put(places, "a", "1");
            journal.put(places, "b", "2");
            journal.remove(places, "a");
            journal.put(places, "c", "3");
            journal.put(places, "d", "4");
            journal.put(places, "d", "5");
            journal.awaitWritten(journal.position());
            return journal.position();
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private List<Path> segments() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
