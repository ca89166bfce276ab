package fr.maillage.reporting.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counters fed by facts whose latest revision replaces the earlier ones (activity reports, monthly
 * indicators), with exactly-once effect under redelivery, republishing and crashes.
 *
 * <p>A fact contributes counters to cells; a cell is a part of a stored counter document, and each
 * counter document carries, per source partition, the highest offset whose increments it holds.
 * A batch is walked in offset order from the facts as stored: an event with a higher revision than
 * the fact's is a <em>transition</em> (its delta subtracts the old contribution and adds the new
 * one); a lower or equal revision adds nothing. A transition is applied to a counter document only
 * if its offset is above what the document holds from its source.
 *
 * <p>The store writes in this order: the facts (each with its new state and the transitions not
 * yet known to be in the counters), then the counters (increments and applied offsets, one atomic
 * update per document), then the consumer's checkpoint. Why a crash anywhere neither loses nor
 * doubles:
 * <ul>
 *   <li>The stored facts always are the true chain of revisions, since they are written before
 *       anything is derived from them; a later batch, from any partition, derives its transitions
 *       from them. (Writing the counters first would let a batch of another partition derive a
 *       transition from a fact left behind by a crash, and count a revision twice: a corrected
 *       report may move to a tiers-lieu on another partition.)</li>
 *   <li>A transition stays in its fact until a batch reads counter documents that all hold it, so
 *       one lost in a crash after the facts is still there when its batch is replayed: the replay
 *       applies the pending transitions of its own partition up to its last offset, and the events
 *       themselves, no longer above the stored revision, add nothing new.</li>
 *   <li>Per source partition, transitions reach the counters in offset order: a batch starts at the
 *       checkpoint and applies every pending transition of its facts up to its last offset, and the
 *       checkpoint moves only after the counters are written. So "the document holds offset n from
 *       this source" means it holds every transition of that source up to n, and the guard skips
 *       exactly what is already counted, whatever the batch boundaries of a replay.</li>
 * </ul>
 */
public final class RevisionWalk {

    private RevisionWalk() {
    }

    /** A fact identified by {@link #id()}; a higher {@link #revision()} replaces it in every total. */
    public interface Fact {
        String id();

        long revision();

        /** The counters it adds, per cell (all arrays of the same width). */
        Map<Cell, long[]> contributions();

        /**
         * This fact as the revision that follows {@code earlier} (same id, lower revision): what a
         * revision does not change is kept from it. By default, everything comes from this one.
         */
        default Fact revising(Fact earlier) {
            return this;
        }
    }

    /** A set of counters inside a stored document ({@code part} empty for its top level). */
    public record Cell(String document, String part) {
        public Cell {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(part, "part");
        }
    }

    /** A fact as read from a source partition at an offset. */
    public record Sourced<F extends Fact>(String source, long offset, F fact) {
    }

    /** A change of a fact made by the event at {@code offset} of {@code source}: what it adds per cell. */
    public record Transition(String source, long offset, Map<Cell, long[]> delta) {
    }

    /** A fact as stored: its latest revision and the transitions not yet known to be counted. */
    public record Stored<F extends Fact>(F fact, List<Transition> pending) {
        public Stored {
            Objects.requireNonNull(fact, "fact");
            pending = List.copyOf(pending);
        }
    }

    /** What to write to one counter document: increments per part, and the new applied offsets. */
    public record DocumentChange(Map<String, long[]> increments, Map<String, Long> applied) {
    }

    /**
     * @param changedFacts the facts to store first (those that made a transition)
     * @param documents    then the change of every counter document
     */
    public record Outcome<F extends Fact>(Map<String, Stored<F>> changedFacts, Map<String, DocumentChange> documents) {
    }

    /**
     * Each fact's contributions, computed once for a batch: a fact builds its map anew on every call,
     * and a batch needs it three times per event (a tenth of reporting's time in a rebuild).
     */
    public static final class Contributions {
        private final Map<Fact, Map<Cell, long[]>> byFact = new IdentityHashMap<>();

        public Map<Cell, long[]> of(Fact fact) {
            return byFact.computeIfAbsent(fact, Fact::contributions);
        }
    }

    /** The counter documents whose applied offsets {@link #walk} needs. */
    public static <F extends Fact> Set<String> documents(Map<String, Stored<F>> current, List<Sourced<F>> events) {
        return documents(current, events, new Contributions());
    }

    public static <F extends Fact> Set<String> documents(Map<String, Stored<F>> current, List<Sourced<F>> events,
                                                         Contributions contributions) {
        Set<String> documents = new LinkedHashSet<>();
        current.values().forEach(stored -> {
            contributions.of(stored.fact()).keySet().forEach(cell -> documents.add(cell.document()));
            stored.pending().forEach(transition -> transition.delta().keySet()
                    .forEach(cell -> documents.add(cell.document())));
        });
        events.forEach(event -> contributions.of(event.fact()).keySet().forEach(cell -> documents.add(cell.document())));
        return documents;
    }

    /**
     * @param current the stored facts of the batch, by id (missing: never seen)
     * @param applied the applied offsets per source of at least the {@link #documents} of the batch
     * @param events  the batch, in offset order per source
     * @param width   the number of counters per cell
     */
    public static <F extends Fact> Outcome<F> walk(Map<String, Stored<F>> current,
                                                   Map<String, Map<String, Long>> applied,
                                                   List<Sourced<F>> events, int width) {
        return walk(current, applied, events, width, new Contributions());
    }

    public static <F extends Fact> Outcome<F> walk(Map<String, Stored<F>> current,
                                                   Map<String, Map<String, Long>> applied,
                                                   List<Sourced<F>> events, int width, Contributions contributions) {
        Map<String, Long> lastOffsets = new HashMap<>();
        events.forEach(event -> lastOffsets.merge(event.source(), event.offset(), Math::max));

        List<Transition> toApply = new ArrayList<>();
        current.values().forEach(stored -> stored.pending().forEach(transition -> {
            Long last = lastOffsets.get(transition.source());
            if (last != null && transition.offset() <= last) {
                toApply.add(transition);
            }
        }));

        Map<String, F> latest = new HashMap<>();
        Map<String, List<Transition>> made = new LinkedHashMap<>();
        current.forEach((id, stored) -> latest.put(id, stored.fact()));
        for (Sourced<F> event : events) {
            F fact = event.fact();
            F before = latest.get(fact.id());
            if (before != null && fact.revision() <= before.revision()) {
                continue;
            }
            if (before != null) {
                @SuppressWarnings("unchecked") // a fact revises a fact of its own type
                F revised = (F) fact.revising(before);
                fact = revised;
            }
            Transition transition = new Transition(event.source(), event.offset(), delta(contributions, before, fact, width));
            latest.put(fact.id(), fact);
            made.computeIfAbsent(fact.id(), id -> new ArrayList<>()).add(transition);
            toApply.add(transition);
        }

        Map<String, DocumentChange> documents = new LinkedHashMap<>();
        for (Transition transition : toApply) {
            transition.delta().forEach((cell, values) -> add(documents, applied, cell, values, transition, width));
        }

        Map<String, Stored<F>> changed = new LinkedHashMap<>();
        made.forEach((id, transitions) -> {
            List<Transition> pending = new ArrayList<>();
            Stored<F> stored = current.get(id);
            if (stored != null) {
                stored.pending().stream().filter(transition -> !counted(transition, applied)).forEach(pending::add);
            }
            pending.addAll(transitions);
            changed.put(id, new Stored<>(latest.get(id), pending));
        });
        return new Outcome<>(changed, documents);
    }

    private static <F extends Fact> Map<Cell, long[]> delta(Contributions contributions, F before, F after, int width) {
        Map<Cell, long[]> delta = new LinkedHashMap<>();
        if (before != null) {
            contributions.of(before).forEach((cell, values) -> accumulate(delta, cell, values, -1, width));
        }
        contributions.of(after).forEach((cell, values) -> accumulate(delta, cell, values, +1, width));
        delta.values().removeIf(values -> java.util.Arrays.stream(values).allMatch(value -> value == 0));
        return delta;
    }

    private static void accumulate(Map<Cell, long[]> delta, Cell cell, long[] values, int sign, int width) {
        if (values.length != width) {
            throw new IllegalArgumentException("a cell has " + values.length + " counters, expected " + width);
        }
        long[] sum = delta.computeIfAbsent(cell, c -> new long[width]);
        for (int i = 0; i < width; i++) {
            sum[i] += sign * values[i];
        }
    }

    /** True when every document of the transition already holds its offset (as read before the batch). */
    private static boolean counted(Transition transition, Map<String, Map<String, Long>> applied) {
        return transition.delta().keySet().stream().allMatch(cell ->
                appliedOffset(applied, cell.document(), transition.source()) >= transition.offset());
    }

    private static long appliedOffset(Map<String, Map<String, Long>> applied, String document, String source) {
        return applied.getOrDefault(document, Map.of()).getOrDefault(source, -1L);
    }

    private static void add(Map<String, DocumentChange> documents, Map<String, Map<String, Long>> applied, Cell cell,
                            long[] values, Transition transition, int width) {
        if (transition.offset() <= appliedOffset(applied, cell.document(), transition.source())) {
            return;
        }
        DocumentChange change = documents.computeIfAbsent(cell.document(),
                document -> new DocumentChange(new LinkedHashMap<>(), new LinkedHashMap<>()));
        long[] sum = change.increments().computeIfAbsent(cell.part(), part -> new long[width]);
        for (int i = 0; i < width; i++) {
            sum[i] += values[i];
        }
        change.applied().merge(transition.source(), transition.offset(), Math::max);
    }
}
