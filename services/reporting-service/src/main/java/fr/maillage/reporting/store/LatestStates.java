package fr.maillage.reporting.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import fr.maillage.events.EventJson;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The latest state of each aggregate of another service (a tiers-lieu, premises, a fund), in
 * MongoDB ({@code {_id, version, state, appliedAt}}) and in memory. A state replaces another only
 * with a higher version, so redelivered and republished events change nothing. The memory copy is
 * what the store holds (it is loaded from it and written after it), and it decides what is newer,
 * so each write is a plain replacement by {@code _id} (see {@link RevisionStore} on filters).
 */
final class LatestStates<T> {

    /** A state that replaced another (null before the first one). */
    record Change<T>(T before, T after) {
    }

    private final MongoCollection<Document> collection;
    private final Class<T> type;
    private final Function<T, String> id;
    private final ToLongFunction<T> version;
    private final Map<String, T> states = new ConcurrentHashMap<>();
    /** The latest event time seen; null before the first event (an empty projection is not "as of 1970"). */
    private volatile Instant asOf;

    LatestStates(MongoCollection<Document> collection, Class<T> type, Function<T, String> id, ToLongFunction<T> version) {
        this.collection = collection;
        this.type = type;
        this.id = id;
        this.version = version;
    }

    List<Change<T>> load() {
        List<Change<T>> loaded = new ArrayList<>();
        for (Document doc : collection.find()) {
            T state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(), type);
            loaded.add(new Change<>(states.put(id.apply(state), state), state));
            if (doc.get("appliedAt") instanceof String text) {
                advance(Instant.parse(text));
            }
        }
        return loaded;
    }

    /**
     * Takes from the store the states newer than those in memory (stored by another instance, which
     * applies other partitions), comparing versions first so that unchanged states are not read.
     */
    List<Change<T>> refresh() {
        List<String> newer = new ArrayList<>();
        for (Document doc : collection.find().projection(Projections.include("version"))) {
            T known = states.get(doc.getString("_id"));
            if (known == null || version.applyAsLong(known) < ((Number) doc.get("version")).longValue()) {
                newer.add(doc.getString("_id"));
            }
        }
        if (newer.isEmpty()) {
            return List.of();
        }
        List<Change<T>> changes = new ArrayList<>();
        for (Document doc : collection.find(Filters.in("_id", newer))) {
            T state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(), type);
            T known = states.get(id.apply(state));
            if (known == null || version.applyAsLong(known) < version.applyAsLong(state)) {
                changes.add(new Change<>(states.put(id.apply(state), state), state));
                if (doc.get("appliedAt") instanceof String text) {
                    advance(Instant.parse(text));
                }
            }
        }
        return changes;
    }

    /**
     * Stores the states newer than those known, then answers what they replaced. {@link #asOf} becomes
     * the latest event time seen, whether or not it changed a state, so that it does not depend on how
     * the events were cut into batches (a rebuild gives the same).
     */
    List<Change<T>> apply(Collection<T> candidates, Instant eventTime) {
        List<T> newer = candidates.stream().filter(state -> {
            T known = states.get(id.apply(state));
            return known == null || version.applyAsLong(known) < version.applyAsLong(state);
        }).toList();
        if (newer.isEmpty()) {
            advance(eventTime);
            return List.of();
        }
        List<WriteModel<Document>> writes = new ArrayList<>(newer.size());
        for (T state : newer) {
            Document doc = new Document("_id", id.apply(state)).append("version", version.applyAsLong(state))
                    .append("state", Document.parse(EventJson.mapper().writeValueAsString(state)))
                    .append("appliedAt", eventTime.toString());
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id.apply(state)), doc, new ReplaceOptions().upsert(true)));
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        List<Change<T>> changes = new ArrayList<>(newer.size());
        for (T state : newer) {
            changes.add(new Change<>(states.put(id.apply(state), state), state));
        }
        advance(eventTime);
        return changes;
    }

    /** {@code eventTime} null: the batch had no event of this kind. */
    private void advance(Instant eventTime) {
        if (eventTime != null && (asOf == null || eventTime.isAfter(asOf))) {
            asOf = eventTime;
        }
    }

    T get(String key) {
        return states.get(key);
    }

    Collection<T> all() {
        return states.values();
    }

    /** Null while no event has been applied. */
    Instant asOf() {
        return asOf;
    }
}
