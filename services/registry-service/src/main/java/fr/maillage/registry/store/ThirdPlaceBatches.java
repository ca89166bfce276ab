package fr.maillage.registry.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import fr.maillage.events.EventJson;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.messaging.OutboxEntry;
import fr.maillage.messaging.OutboxRelay;
import fr.maillage.registry.domain.ThirdPlace;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many tiers-lieux at once, for imports: one bulk write instead of a round trip (and, on the
 * embedded store, a commit) per place. Each place stays one document holding its state and its
 * outbox, in the layout {@link AggregateStore} reads, so every write is still atomic per place.
 */
@Component
public class ThirdPlaceBatches {

    private static final int FIND_CHUNK = 1_000;

    private final MongoCollection<Document> collection;
    private final OutboxRelay relay;

    ThirdPlaceBatches(MongoDatabase database, OutboxRelay relay) {
        this.collection = database.getCollection(RegistryStores.THIRD_PLACES);
        this.relay = relay;
    }

    public record Insert(ThirdPlace place, List<OutboxEntry> outbox) {
    }

    /** Writes {@code place} if the stored version is still {@code expectedVersion}. */
    public record Update(long expectedVersion, ThirdPlace place, List<OutboxEntry> outbox) {
    }

    public Map<String, AggregateStore.Versioned<ThirdPlace>> findAll(Collection<String> ids) {
        Map<String, AggregateStore.Versioned<ThirdPlace>> found = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += FIND_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + FIND_CHUNK));
            var docs = collection.find(Filters.in("_id", chunk)).projection(Projections.include("version", "state"));
            for (Document doc : docs) {
                ThirdPlace state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(),
                        ThirdPlace.class);
                long version = ((Number) doc.get("version")).longValue();
                found.put(doc.getString("_id"), new AggregateStore.Versioned<>(version, state));
            }
        }
        return found;
    }

    /** Writes what it can; returns the ids of the places someone else created or changed meanwhile. */
    public Set<String> write(List<Insert> inserts, List<Update> updates) {
        Set<String> missed = new HashSet<>();
        if (!inserts.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            Date now = new Date();
            for (Insert insert : inserts) {
                ThirdPlace place = insert.place();
                writes.add(new InsertOneModel<>(new Document("_id", place.id()).append("version", place.version())
                        .append(AggregateStore.CREATED_AT, now)
                        .append("state", toDocument(place)).append(OutboxEntry.FIELD, entries(insert.outbox()))));
            }
            try {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null) {
                    throw e; // written on the primary only: a rollback could take the places away, unannounced
                }
                e.getWriteErrors().forEach(error -> {
                    if (error.getCode() != 11000) {
                        throw e;
                    }
                    missed.add(inserts.get(error.getIndex()).place().id());
                });
            }
        }
        if (!updates.isEmpty()) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (Update update : updates) {
                ThirdPlace place = update.place();
                writes.add(new UpdateOneModel<>(
                        Filters.and(Filters.eq("_id", place.id()), Filters.eq("version", update.expectedVersion())),
                        Updates.combine(Updates.set("version", place.version()), Updates.set("state", toDocument(place)),
                                Updates.pushEach(OutboxEntry.FIELD, entries(update.outbox())))));
            }
            var result = collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            if (result.getMatchedCount() < updates.size()) {
                missed.addAll(notApplied(updates));
            }
        }
        relay.wakeUp();
        return missed;
    }

    /** An update whose version filter did not match leaves the document with another state. */
    private List<String> notApplied(List<Update> updates) {
        Map<String, Update> byId = new HashMap<>();
        updates.forEach(update -> byId.put(update.place().id(), update));
        var stored = findAll(byId.keySet());
        return byId.values().stream()
                .filter(update -> {
                    var now = stored.get(update.place().id());
                    return now == null || now.version() != update.place().version()
                            || !now.state().equals(update.place());
                })
                .map(update -> update.place().id())
                .toList();
    }

    private static Document toDocument(Object state) {
        return Document.parse(EventJson.mapper().writeValueAsString(state));
    }

    private static List<Document> entries(List<OutboxEntry> outbox) {
        return outbox.stream().map(OutboxEntry::toDocument).toList();
    }
}
