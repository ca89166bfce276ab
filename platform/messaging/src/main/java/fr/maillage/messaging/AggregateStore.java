package fr.maillage.messaging;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import fr.maillage.events.EventJson;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Aggregates stored one per document, {@code {_id, version, createdAt, state, outbox}}: the new state and the
 * events it caused are written in one atomic single-document update (no transaction needed), and
 * the {@link OutboxRelay} publishes the events afterwards. Updates are conditional on the version
 * the caller read (optimistic concurrency).
 */
public final class AggregateStore<T> {

    /** When the aggregate was inserted: lists in this order page steadily while others are created. */
    public static final String CREATED_AT = "createdAt";
    /**
     * Oldest first, then by id. Ids are random, so pages sorted by id alone shift whenever an
     * aggregate is created: the next page would repeat items of the one a client has read.
     * Aggregates stored before this field existed come first.
     */
    public static final Bson CREATION_ORDER = Sorts.ascending(CREATED_AT, "_id");

    private final MongoCollection<Document> collection;
    private final Class<T> type;
    private final OutboxRelay relay;

    public AggregateStore(MongoCollection<Document> collection, Class<T> type, OutboxRelay relay) {
        this.collection = collection;
        this.type = type;
        this.relay = relay;
    }

    public String collectionName() {
        return collection.getNamespace().getCollectionName();
    }

    /** Inserts a new aggregate; false when the id is already taken. */
    public boolean insert(String id, long version, T state, List<OutboxEntry> events) {
        Document doc = new Document("_id", id).append("version", version).append(CREATED_AT, new Date())
                .append("state", toDocument(state))
                .append(OutboxEntry.FIELD, entries(events));
        try {
            collection.insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        if (!events.isEmpty()) { // a write that publishes nothing gives the relay nothing to look up
            relay.wakeUp(collectionName(), id);
        }
        return true;
    }

    /** Replaces the state if the stored version is still {@code expectedVersion}; false otherwise. */
    public boolean update(String id, long expectedVersion, long newVersion, T state, List<OutboxEntry> events) {
        Bson update = Updates.combine(
                Updates.set("version", newVersion),
                Updates.set("state", toDocument(state)),
                Updates.pushEach(OutboxEntry.FIELD, entries(events)));
        UpdateResult result = collection.updateOne(
                Filters.and(Filters.eq("_id", id), Filters.eq("version", expectedVersion)), update);
        if (result.getMatchedCount() == 0) {
            return false;
        }
        if (!events.isEmpty()) { // a write that publishes nothing gives the relay nothing to look up
            relay.wakeUp(collectionName(), id);
        }
        return true;
    }

    public Optional<Versioned<T>> find(String id) {
        Document doc = collection.find(Filters.eq("_id", id)).first();
        return Optional.ofNullable(doc).map(this::fromDocument);
    }

    public List<T> find(Bson filter, Bson sort, int skip, int limit) {
        List<T> states = new ArrayList<>();
        for (Document doc : collection.find(filter).sort(sort).skip(skip).limit(limit)) {
            states.add(fromDocument(doc).state());
        }
        return states;
    }

    public long count(Bson filter) {
        return collection.countDocuments(filter);
    }

    /** A state and the version it was read at. */
    public record Versioned<T>(long version, T state) {
    }

    private Versioned<T> fromDocument(Document doc) {
        T state = EventJson.mapper().readValue(doc.get("state", Document.class).toJson(), type);
        return new Versioned<>(((Number) doc.get("version")).longValue(), state);
    }

    private static Document toDocument(Object state) {
        return Document.parse(EventJson.mapper().writeValueAsString(state));
    }

    private static List<Document> entries(List<OutboxEntry> events) {
        return events.stream().map(OutboxEntry::toDocument).toList();
    }
}
