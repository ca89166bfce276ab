package fr.maillage.reporting.domain;

import fr.maillage.reporting.domain.RevisionWalk.Cell;
import fr.maillage.reporting.domain.RevisionWalk.Sourced;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walk driven the way the store drives it (read, walk, write facts, write counters, save the
 * checkpoint) over generated streams with revisions, republished events and facts that move between
 * partitions, with crashes between and in the middle of every write, and batches cut anywhere.
 * Whatever happens, the counters end equal to the latest revision of every fact, summed by the test
 * from what it generated.
 */
class RevisionWalkPropertiesTest {

    private static final List<String> SOURCES = List.of("topic-0", "topic-1", "topic-2");
    private static final List<String> DOCUMENTS = List.of("d0", "d1", "d2", "d3");
    private static final List<String> PARTS = List.of("", "2026-10", "2026-11");

    record TestFact(String id, long revision, Map<Cell, long[]> contributions) implements RevisionWalk.Fact {
    }

    /** One stored counter document: counters per part, applied offsets per source. */
    static final class Doc {
        final Map<String, long[]> parts = new TreeMap<>();
        final Map<String, Long> applied = new HashMap<>();
    }

    enum Crash { NONE, IN_FACTS, AFTER_FACTS, IN_COUNTERS, BEFORE_CHECKPOINT }

    @Property(tries = 400)
    @Label("counters equal the latest revisions whatever the crashes, redeliveries and batch boundaries")
    void countersAreExact(@ForAll long seed) {
        Random random = new Random(seed);
        Map<String, List<TestFact>> partitions = generate(random);

        Map<String, RevisionWalk.Stored<TestFact>> facts = new HashMap<>();
        Map<String, Doc> documents = new HashMap<>();
        Map<String, Long> checkpoints = new HashMap<>();
        int rounds = 0;
        while (!done(partitions, checkpoints)) {
            assertThat(++rounds).as("the consumer makes progress").isLessThan(10_000);
            List<Sourced<TestFact>> batch = poll(partitions, checkpoints, random);
            Crash crash = Crash.values()[random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(4)];
            apply(batch, facts, documents, checkpoints, crash, random);
        }

        assertThat(snapshot(documents)).isEqualTo(expected(partitions));
    }

    /**
     * Facts with 1 to 4 revisions; some redelivered or republished, some revisions on another
     * partition (a corrected report moved to another tiers-lieu), even copies of one revision on two
     * partitions, which is more than the real streams do.
     */
    private static Map<String, List<TestFact>> generate(Random random) {
        Map<String, List<TestFact>> partitions = new LinkedHashMap<>();
        SOURCES.forEach(source -> partitions.put(source, new ArrayList<>()));
        int factCount = 1 + random.nextInt(12);
        for (int f = 0; f < factCount; f++) {
            String home = SOURCES.get(random.nextInt(SOURCES.size()));
            List<TestFact> revisions = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int r = 0; r < count; r++) {
                revisions.add(new TestFact("f" + f, random.nextInt(5), contributions(random)));
            }
            for (TestFact revision : revisions) {
                TestFact same = revisions.stream().filter(other -> other.revision() == revision.revision()).findFirst()
                        .orElseThrow(); // one content per revision, as event ids are per revision
                String source = random.nextInt(8) == 0 ? SOURCES.get(random.nextInt(SOURCES.size())) : home;
                partitions.get(source).add(same);
                if (random.nextInt(4) == 0) {
                    partitions.get(source).add(same); // redelivered right away
                }
                if (random.nextInt(5) == 0) {
                    partitions.get(home).add(same); // republished later
                }
            }
        }
        partitions.values().forEach(events -> {
            if (events.size() > 1 && random.nextBoolean()) {
                Collections.rotate(events, random.nextInt(events.size()));
            }
        });
        return partitions;
    }

    private static Map<Cell, long[]> contributions(Random random) {
        Map<Cell, long[]> cells = new LinkedHashMap<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            cells.put(new Cell(DOCUMENTS.get(random.nextInt(DOCUMENTS.size())), PARTS.get(random.nextInt(PARTS.size()))),
                    new long[]{1, random.nextInt(10)});
        }
        return cells;
    }

    private static boolean done(Map<String, List<TestFact>> partitions, Map<String, Long> checkpoints) {
        return partitions.entrySet().stream()
                .allMatch(entry -> checkpoints.getOrDefault(entry.getKey(), 0L) >= entry.getValue().size());
    }

    /** From each partition's checkpoint, a few events; partitions in any order, as a poll returns them. */
    private static List<Sourced<TestFact>> poll(Map<String, List<TestFact>> partitions, Map<String, Long> checkpoints,
                                                Random random) {
        List<String> order = new ArrayList<>(SOURCES);
        Collections.shuffle(order, random);
        List<Sourced<TestFact>> batch = new ArrayList<>();
        for (String source : order) {
            List<TestFact> events = partitions.get(source);
            long from = checkpoints.getOrDefault(source, 0L);
            long to = Math.min(events.size(), from + random.nextInt(6));
            for (long offset = from; offset < to; offset++) {
                batch.add(new Sourced<>(source, offset, events.get((int) offset)));
            }
        }
        return batch;
    }

    private static void apply(List<Sourced<TestFact>> batch, Map<String, RevisionWalk.Stored<TestFact>> facts,
                              Map<String, Doc> documents, Map<String, Long> checkpoints, Crash crash, Random random) {
        Map<String, RevisionWalk.Stored<TestFact>> current = new HashMap<>();
        batch.forEach(event -> {
            RevisionWalk.Stored<TestFact> stored = facts.get(event.fact().id());
            if (stored != null) {
                current.put(event.fact().id(), stored);
            }
        });
        Map<String, Map<String, Long>> applied = new HashMap<>();
        RevisionWalk.documents(current, batch).forEach(id -> {
            Doc doc = documents.get(id);
            if (doc != null) {
                applied.put(id, new HashMap<>(doc.applied));
            }
        });

        RevisionWalk.Outcome<TestFact> outcome = RevisionWalk.walk(current, applied, batch, 2);

        List<RevisionWalk.Stored<TestFact>> changed = new ArrayList<>(outcome.changedFacts().values());
        Collections.shuffle(changed, random); // an unordered bulk write
        int factsWritten = crash == Crash.IN_FACTS ? random.nextInt(changed.size() + 1) : changed.size();
        changed.subList(0, factsWritten).forEach(stored -> facts.put(stored.fact().id(), stored));
        if (crash == Crash.IN_FACTS || crash == Crash.AFTER_FACTS) {
            return;
        }
        List<Map.Entry<String, RevisionWalk.DocumentChange>> changes = new ArrayList<>(outcome.documents().entrySet());
        Collections.shuffle(changes, random);
        int written = crash == Crash.IN_COUNTERS ? random.nextInt(changes.size() + 1) : changes.size();
        for (Map.Entry<String, RevisionWalk.DocumentChange> change : changes.subList(0, written)) {
            Doc doc = documents.computeIfAbsent(change.getKey(), id -> new Doc());
            change.getValue().increments().forEach((part, values) -> {
                long[] counters = doc.parts.computeIfAbsent(part, p -> new long[2]);
                counters[0] += values[0];
                counters[1] += values[1];
            });
            change.getValue().applied().forEach((source, offset) -> doc.applied.merge(source, offset, Math::max));
        }
        if (crash == Crash.IN_COUNTERS || crash == Crash.BEFORE_CHECKPOINT) {
            return;
        }
        batch.forEach(event -> checkpoints.merge(event.source(), event.offset() + 1, Math::max));
    }

    private static Map<String, List<Long>> snapshot(Map<String, Doc> documents) {
        Map<String, List<Long>> result = new TreeMap<>();
        documents.forEach((id, doc) -> doc.parts.forEach((part, counters) -> {
            if (counters[0] != 0 || counters[1] != 0) {
                result.put(id + "/" + part, List.of(counters[0], counters[1]));
            }
        }));
        return result;
    }

    /** Computed from the generated stream only: each fact's highest revision, summed per cell. */
    private static Map<String, List<Long>> expected(Map<String, List<TestFact>> partitions) {
        Map<String, TestFact> latest = new HashMap<>();
        partitions.values().forEach(events -> events.forEach(fact ->
                latest.merge(fact.id(), fact, (a, b) -> a.revision() >= b.revision() ? a : b)));
        Map<String, long[]> sums = new TreeMap<>();
        latest.values().forEach(fact -> fact.contributions().forEach((cell, values) -> {
            long[] sum = sums.computeIfAbsent(cell.document() + "/" + cell.part(), key -> new long[2]);
            sum[0] += values[0];
            sum[1] += values[1];
        }));
        Map<String, List<Long>> result = new TreeMap<>();
        sums.forEach((key, sum) -> {
            if (sum[0] != 0 || sum[1] != 0) {
                result.put(key, List.of(sum[0], sum[1]));
            }
        });
        return result;
    }
}
