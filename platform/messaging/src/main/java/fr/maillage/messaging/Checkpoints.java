package fr.maillage.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each consumer stands, as its own store says: the next offset to read per partition,
 * written after each applied batch. On assignment the consumer seeks there, so whatever the
 * store lost is replayed from Kafka. With it, the poison records the consumer has in the
 * dead-letter topic ({@code source@offset}): a consumer replaying its topics skips those, and only
 * those (a record an earlier version accepted, which this one finds poison, is dead-lettered).
 */
public final class Checkpoints {

    private static final String DEAD_LETTERED = "deadLettered";

    private final MongoCollection<Document> collection;

    public Checkpoints(MongoDatabase database) {
        this.collection = database.getCollection("consumer_checkpoints");
    }

    /** Next offset to read, per {@link ReceivedEvent#sourceOf source}. */
    public Map<String, Long> positions(String consumer) {
        Document doc = collection.find(Filters.eq("_id", consumer)).projection(Projections.include("positions")).first();
        Map<String, Long> positions = new HashMap<>();
        if (doc != null && doc.get("positions") instanceof Document saved) {
            saved.forEach((source, offset) -> positions.put(source, ((Number) offset).longValue()));
        }
        return positions;
    }

    /** The poison records ({@code source@offset}) the consumer has in the dead-letter topic. */
    public Set<String> deadLettered(String consumer) {
        Document doc = collection.find(Filters.eq("_id", consumer)).projection(Projections.include(DEAD_LETTERED)).first();
        return doc == null ? Set.of() : new HashSet<>(doc.getList(DEAD_LETTERED, String.class, List.of()));
    }

    public void save(String consumer, Map<String, Long> nextOffsets) {
        save(consumer, nextOffsets, List.of());
    }

    /** Saves the positions and, in the same write, the poison records of the batch that are dead letters. */
    public void save(String consumer, Map<String, Long> nextOffsets, Collection<String> deadLettered) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Document max = new Document();
        nextOffsets.forEach((source, offset) -> max.append("positions." + source, offset));
        Document update = new Document("$max", max);
        if (!deadLettered.isEmpty()) {
            update.append("$addToSet", new Document(DEAD_LETTERED, new Document("$each", List.copyOf(deadLettered))));
        }
        collection.updateOne(Filters.eq("_id", consumer), update, new UpdateOptions().upsert(true));
    }

    public void reset(String consumer) {
        collection.deleteOne(Filters.eq("_id", consumer));
    }
}
