package fr.maillage.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
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
