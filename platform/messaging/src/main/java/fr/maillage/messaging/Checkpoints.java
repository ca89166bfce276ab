package fr.maillage.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import org.bson.Document;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each consumer stands, as its own store says: the next offset to read per partition,
 * written after each applied batch. On assignment the consumer seeks there, so whatever the
 * store lost is replayed from Kafka.
 */
public final class Checkpoints {

    private final MongoCollection<Document> collection;

    public Checkpoints(MongoDatabase database) {
        this.collection = database.getCollection("consumer_checkpoints");
    }

    /** Next offset to read, per {@link ReceivedEvent#sourceOf source}. */
    public Map<String, Long> positions(String consumer) {
        Document doc = collection.find(Filters.eq("_id", consumer)).first();
        Map<String, Long> positions = new HashMap<>();
        if (doc != null && doc.get("positions") instanceof Document saved) {
            saved.forEach((source, offset) -> positions.put(source, ((Number) offset).longValue()));
        }
        return positions;
    }

    public void save(String consumer, Map<String, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Document max = new Document();
        nextOffsets.forEach((source, offset) -> max.append("positions." + source, offset));
        collection.updateOne(Filters.eq("_id", consumer), new Document("$max", max), new UpdateOptions().upsert(true));
    }

    public void reset(String consumer) {
        collection.deleteOne(Filters.eq("_id", consumer));
    }
}
