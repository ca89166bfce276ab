package fr.maillage.reporting.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import fr.maillage.events.EventJson;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.reporting.domain.Overview;
import fr.maillage.reporting.domain.PlaceCounts;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The latest state of every tiers-lieu, in MongoDB (one document per place, replaced only by a
 * newer version, so a redelivered or republished event changes nothing) and in memory, where the
 * counts of the overview are kept exact.
 */
public class ThirdPlaceProjection {

    private final MongoCollection<Document> collection;
    private final Map<String, ThirdPlaceState> places = new ConcurrentHashMap<>();
    private final PlaceCounts counts = new PlaceCounts();
    private volatile Instant asOf = Instant.EPOCH;
    private volatile Overview overview;
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ThirdPlaceProjection(MongoDatabase database, String collectionName) {
        this.collection = database.getCollection(collectionName);
        this.overview = counts.snapshot(asOf);
    }

    public synchronized void load() {
        for (Document doc : collection.find()) {
            ThirdPlaceState state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(),
                    ThirdPlaceState.class);
            ThirdPlaceState before = places.put(state.thirdPlaceId(), state);
            counts.replace(before, state);
            Object time = doc.get("appliedAt");
            if (time instanceof String text && Instant.parse(text).isAfter(asOf)) {
                asOf = Instant.parse(text);
            }
        }
        overview = counts.snapshot(asOf);
    }

    /** Applies the newest state of each place in a batch; older or equal versions are ignored. */
    public void apply(Collection<ThirdPlaceState> latest, Instant eventTime) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (ThirdPlaceState state : latest) {
            Document doc = new Document("_id", state.thirdPlaceId()).append("version", state.version())
                    .append("state", Document.parse(EventJson.mapper().writeValueAsString(state)))
                    .append("appliedAt", eventTime.toString());
            writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", state.thirdPlaceId()),
                    Filters.lt("version", state.version())), doc, new ReplaceOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            try {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                if (!e.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000)) {
                    throw e;
                }
            }
        }
        boolean changed = false;
        synchronized (this) {
            for (ThirdPlaceState state : latest) {
                ThirdPlaceState before = places.get(state.thirdPlaceId());
                if (before == null || before.version() < state.version()) {
                    places.put(state.thirdPlaceId(), state);
                    counts.replace(before, state);
                    changed = true;
                }
            }
            if (changed) {
                asOf = eventTime.isAfter(asOf) ? eventTime : asOf;
                overview = counts.snapshot(asOf);
            }
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    public Overview overview() {
        return overview;
    }

    public Overview overview(Predicate<ThirdPlaceState> filter) {
        return PlaceCounts.of(places.values(), filter, asOf);
    }

    public Collection<ThirdPlaceState> places() {
        return places.values();
    }

    /** Called after each change of the overview (for the live stream). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
