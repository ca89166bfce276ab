package fr.maillage.reporting.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import fr.maillage.reporting.domain.RevisionWalk;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Stores a {@link RevisionWalk}: one collection of facts (latest revision of each, with its pending
 * transitions) and counter collections, each named by the prefix of its document keys ({@code "t:"}
 * …). A batch costs a fixed number of round trips: read its facts, read the counter documents they
 * touch, write the facts, write the counters (in that order, see {@link RevisionWalk}).
 *
 * <p>Every filter is on {@code _id} (with the revision read, for a fact's write): the embedded
 * MongoDB-wire server uses its index for such filters. Whether a transition is already counted is
 * decided from the documents read at the start of the batch; that is exact because a source
 * partition has a single writer (the consumer it is assigned to), and a fact is written only over
 * the revision the batch read, so that consumers of other partitions (in this instance or
 * another) applying revisions of the same fact at once cannot both derive a transition from it.
 */
final class RevisionStore<F extends RevisionWalk.Fact> {

    static final String APPLIED = "applied";
    static final String PARTS = "parts";
    private static final String PENDING = "pending";
    static final String REVISION = "revision";
    private static final int DUPLICATE_KEY = 11000;
    /** Attempts of a batch whose facts other writers keep changing, before it fails (and is retried whole). */
    private static final int ATTEMPTS = 20;

    private final MongoCollection<BsonDocument> facts;
    private final Function<F, BsonDocument> toDocument;
    private final Function<BsonDocument, F> fromDocument;
    private final Map<String, MongoCollection<Document>> counters;
    private final List<String> fields;

    RevisionStore(MongoCollection<BsonDocument> facts, Function<F, BsonDocument> toDocument, Function<BsonDocument, F> fromDocument,
                  Map<String, MongoCollection<Document>> countersByPrefix, List<String> fields) {
        this.facts = facts;
        this.toDocument = toDocument;
        this.fromDocument = fromDocument;
        this.counters = Map.copyOf(countersByPrefix);
        this.fields = List.copyOf(fields);
    }

    /**
     * Applies a batch; answers what it added to each counter document (keys with their prefix),
     * exactly the increments written. When another writer changed one of its facts between the
     * read and the write, nothing of the counters is written and the batch is walked again from
     * the facts as they now are.
     */
    Map<String, RevisionWalk.DocumentChange> apply(List<RevisionWalk.Sourced<F>> events) {
        if (events.isEmpty()) {
            return Map.of();
        }
        for (int attempt = 1; ; attempt++) {
            Map<String, RevisionWalk.DocumentChange> changed = tryApply(events);
            if (changed != null) {
                return changed;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("Facts of this batch kept changing under other writers ("
                        + attempt + " attempts); the batch will be retried");
            }
        }
    }

    /** One attempt; {@code null} when a fact had changed since it was read (no counter written). */
    private Map<String, RevisionWalk.DocumentChange> tryApply(List<RevisionWalk.Sourced<F>> events) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(event -> ids.add(event.fact().id()));
        RevisionWalk.Contributions contributions = new RevisionWalk.Contributions();
        Map<String, RevisionWalk.Stored<F>> current = new HashMap<>();
        for (BsonDocument doc : facts.find(Filters.in("_id", ids))) {
            F fact = fromDocument.apply(doc);
            RevisionWalk.Stored<F> stored = new RevisionWalk.Stored<>(fact, pending(doc, contributions.of(fact)));
            current.put(stored.fact().id(), stored);
        }
        Map<String, Map<String, Long>> applied = applied(RevisionWalk.documents(current, events, contributions));
        RevisionWalk.Outcome<F> outcome = RevisionWalk.walk(current, applied, events, fields.size(), contributions);
        if (!writeFacts(outcome.changedFacts().values(), current, contributions)) {
            return null;
        }
        writeCounters(outcome.documents());
        return outcome.documents();
    }

    private Map<String, Map<String, Long>> applied(Set<String> documents) {
        Map<String, Map<String, Long>> applied = new HashMap<>();
        byPrefix(documents).forEach((prefix, ids) -> {
            for (Document doc : collection(prefix).find(Filters.in("_id", ids)).projection(Projections.include(APPLIED))) {
                Map<String, Long> offsets = new HashMap<>();
                if (doc.get(APPLIED) instanceof Document saved) {
                    saved.forEach((source, offset) -> offsets.put(source, ((Number) offset).longValue()));
                }
                applied.put(prefix + doc.getString("_id"), offsets);
            }
        });
        return applied;
    }

    private void writeCounters(Map<String, RevisionWalk.DocumentChange> documents) {
        Map<String, List<WriteModel<Document>>> writes = new LinkedHashMap<>();
        documents.forEach((key, change) -> {
            String prefix = prefixOf(key);
            Document increments = new Document();
            change.increments().forEach((part, values) -> {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != 0) {
                        increments.append(part.isEmpty() ? fields.get(i) : PARTS + "." + part + "." + fields.get(i), values[i]);
                    }
                }
            });
            Document max = new Document();
            change.applied().forEach((source, offset) -> max.append(APPLIED + "." + source, offset));
            Document update = new Document("$max", max);
            if (!increments.isEmpty()) {
                update.append("$inc", increments);
            }
            writes.computeIfAbsent(prefix, p -> new ArrayList<>()).add(new UpdateOneModel<>(
                    Filters.eq("_id", key.substring(prefix.length())), update, new UpdateOptions().upsert(true)));
        });
        writes.forEach((prefix, models) -> collection(prefix).bulkWrite(models, new BulkWriteOptions().ordered(false)));
    }

    /**
     * Writes the changed facts, each only over the revision read at the start of the batch (a new
     * one only if still absent); answers whether all were written. A fact of this batch may have
     * revisions on another partition too (a correction moving a report to a tiers-lieu keyed
     * elsewhere), applied by another consumer or instance at the same moment: a transition derived
     * from a revision that is no longer the stored one would count twice. The facts written before
     * a conflict stay: they are the true chain of revisions, and the next attempt reads their
     * transitions as pending and counts them once, as a replay after a crash does.
     */
    private boolean writeFacts(Collection<RevisionWalk.Stored<F>> changed, Map<String, RevisionWalk.Stored<F>> read,
                               RevisionWalk.Contributions contributions) {
        if (changed.isEmpty()) {
            return true;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(changed.size());
        for (RevisionWalk.Stored<F> stored : changed) {
            BsonString id = new BsonString(stored.fact().id());
            BsonDocument doc = toDocument.apply(stored.fact());
            doc.put("_id", id);
            doc.put(REVISION, new BsonInt64(stored.fact().revision()));
            BsonArray pending = new BsonArray(new ArrayList<>(stored.pending().size()));
            // a transition that changes no counter is not kept: applying it would change nothing,
            // and its array would read back as the short form below
            stored.pending().stream().filter(transition -> !transition.delta().isEmpty())
                    .forEach(transition -> pending.add(toArray(transition, contributions.of(stored.fact()))));
            doc.put(PENDING, pending);
            RevisionWalk.Stored<F> before = read.get(stored.fact().id());
            writes.add(before == null ? new InsertOneModel<>(doc) : new ReplaceOneModel<>(
                    new BsonDocument("_id", id).append(REVISION, new BsonInt64(before.fact().revision())), doc));
        }
        BulkWriteResult result;
        try {
            result = facts.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() != DUPLICATE_KEY)) {
                throw e;
            }
            return false; // another writer stored a first revision of one of these facts meanwhile
        }
        return result.getMatchedCount() + result.getInsertedCount() == writes.size();
    }

    /**
     * A transition as one flat array, {@code [source, offset, document, part, counters…, document,
     * part, counters…]}: facts are written for every event, and nested documents per cell made
     * them several times larger and slower to encode on both sides of the wire. When the
     * transition adds exactly what the stored fact contributes (a report seen for the first time,
     * the usual case) its cells are left out, {@code [source, offset]}, and read back from the fact.
     */
    private BsonArray toArray(RevisionWalk.Transition transition, Map<RevisionWalk.Cell, long[]> contributions) {
        List<BsonValue> values = new ArrayList<>(2 + transition.delta().size() * (2 + fields.size()));
        values.add(new BsonString(transition.source()));
        values.add(new BsonInt64(transition.offset()));
        if (sameCells(transition.delta(), contributions)) {
            return new BsonArray(values);
        }
        transition.delta().forEach((cell, counters) -> {
            values.add(new BsonString(cell.document()));
            values.add(new BsonString(cell.part()));
            for (long counter : counters) {
                values.add(new BsonInt64(counter));
            }
        });
        return new BsonArray(values);
    }

    private static boolean sameCells(Map<RevisionWalk.Cell, long[]> delta, Map<RevisionWalk.Cell, long[]> contributions) {
        if (delta.size() != contributions.size()) {
            return false;
        }
        for (Map.Entry<RevisionWalk.Cell, long[]> cell : delta.entrySet()) {
            if (!Arrays.equals(cell.getValue(), contributions.get(cell.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private List<RevisionWalk.Transition> pending(BsonDocument doc, Map<RevisionWalk.Cell, long[]> contributions) {
        List<RevisionWalk.Transition> pending = new ArrayList<>();
        for (BsonValue value : doc.getArray(PENDING, new BsonArray())) {
            if (value.isDocument()) {
                pending.add(earlierForm(value.asDocument()));
                continue;
            }
            List<BsonValue> flat = value.asArray().getValues();
            if (flat.size() == 2) { // adds what the fact contributes
                pending.add(new RevisionWalk.Transition(flat.get(0).asString().getValue(),
                        flat.get(1).asNumber().longValue(), contributions));
                continue;
            }
            Map<RevisionWalk.Cell, long[]> delta = new LinkedHashMap<>();
            int width = fields.size();
            for (int i = 2; i + 2 + width <= flat.size(); i += 2 + width) {
                long[] counters = new long[width];
                for (int j = 0; j < width; j++) {
                    counters[j] = flat.get(i + 2 + j).asNumber().longValue();
                }
                delta.put(new RevisionWalk.Cell(flat.get(i).asString().getValue(), flat.get(i + 1).asString().getValue()),
                        counters);
            }
            pending.add(new RevisionWalk.Transition(flat.get(0).asString().getValue(), flat.get(1).asNumber().longValue(),
                    delta));
        }
        return pending;
    }

    /** A transition as earlier versions wrote it, a document per cell: read until their facts are rebuilt. */
    private static RevisionWalk.Transition earlierForm(BsonDocument transition) {
        Map<RevisionWalk.Cell, long[]> delta = new LinkedHashMap<>();
        for (BsonValue cell : transition.getArray("cells")) {
            BsonDocument fields = cell.asDocument();
            delta.put(new RevisionWalk.Cell(fields.getString("document").getValue(), fields.getString("part").getValue()),
                    fields.getArray("values").stream().mapToLong(counter -> counter.asNumber().longValue()).toArray());
        }
        return new RevisionWalk.Transition(transition.getString("source").getValue(),
                transition.get("offset").asNumber().longValue(), delta);
    }

    /** The top-level counters of documents of one prefix, by key without the prefix. */
    Map<String, long[]> counters(String prefix, Collection<String> ids) {
        Map<String, long[]> result = new HashMap<>();
        for (Document doc : collection(prefix).find(Filters.in("_id", ids))) {
            result.put(doc.getString("_id"), values(doc));
        }
        for (String id : ids) {
            result.putIfAbsent(id, new long[fields.size()]);
        }
        return result;
    }

    /** Every document of one prefix (for loading a view at start-up). */
    Map<String, long[]> allCounters(String prefix) {
        Map<String, long[]> result = new HashMap<>();
        for (Document doc : collection(prefix).find()) {
            result.put(doc.getString("_id"), values(doc));
        }
        return result;
    }

    /** The counters of every part of every document of one prefix (for loading a view at start-up). */
    Map<String, long[]> allParts(String prefix) {
        Map<String, long[]> result = new HashMap<>();
        for (Document doc : collection(prefix).find().projection(Projections.include(PARTS))) {
            addParts(result, doc);
        }
        return result;
    }

    private void addParts(Map<String, long[]> result, Document doc) {
        String id = doc.getString("_id");
        if (doc.get(PARTS) instanceof Document parts) {
            parts.forEach((part, values) -> {
                if (values instanceof Document counters) {
                    result.put(id + "|" + part, values(counters));
                }
            });
        }
    }

    /** The counters per part of one document, e.g. per month of a tiers-lieu. */
    Map<String, long[]> parts(String prefix, String id) {
        Document doc = collection(prefix).find(Filters.eq("_id", id)).first();
        Map<String, long[]> result = new LinkedHashMap<>();
        if (doc != null && doc.get(PARTS) instanceof Document parts) {
            parts.forEach((part, values) -> {
                if (values instanceof Document counters) {
                    result.put(part, values(counters));
                }
            });
        }
        return result;
    }

    private long[] values(Document doc) {
        long[] values = new long[fields.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = doc.get(fields.get(i));
            values[i] = value instanceof Number number ? number.longValue() : 0;
        }
        return values;
    }

    private Map<String, List<String>> byPrefix(Collection<String> keys) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String key : keys) {
            String prefix = prefixOf(key);
            result.computeIfAbsent(prefix, p -> new ArrayList<>()).add(key.substring(prefix.length()));
        }
        return result;
    }

    private String prefixOf(String key) {
        for (String prefix : counters.keySet()) {
            if (key.startsWith(prefix)) {
                return prefix;
            }
        }
        throw new IllegalArgumentException("No counter collection for " + key);
    }

    private MongoCollection<Document> collection(String prefix) {
        return counters.get(prefix);
    }
}
