package fr.maillage.messaging;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
 * store lost is replayed from Kafka. Beside it, the poison records each consumer has put in the
 * dead-letter topic ({@code source@offset}), one small document each, looked up only for the
 * poison of a batch: a consumer skips those it or the consumer it replays sent already (a record
 * an earlier version accepted, which this one finds poison, is dead-lettered). They are documents
 * of their own rather than a list in the checkpoint, which a producer sending poison for long
 * would grow past the store's 16 MiB per document.
 */
public final class Checkpoints {

    /** Where checkpoints of an earlier layout listed their dead letters; read, never written. */
    private static final String EARLIER_DEAD_LETTERED = "deadLettered";

    private final MongoCollection<Document> collection;
    private final MongoCollection<Document> deadLetters;

    public Checkpoints(MongoDatabase database) {
        this.collection = database.getCollection("consumer_checkpoints");
        this.deadLetters = database.getCollection("consumer_dead_letters");
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

    /** Of the poison records {@code records} ({@code source@offset}), those the consumer has in the dead-letter topic. */
    public Set<String> deadLettered(String consumer, Collection<String> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        Set<String> sent = new HashSet<>();
        List<String> ids = records.stream().map(record -> markOf(consumer, record)).toList();
        deadLetters.find(Filters.in("_id", ids)).projection(Projections.include("record"))
                .forEach(mark -> sent.add(mark.getString("record")));
        Document earlier = collection.find(Filters.eq("_id", consumer))
                .projection(Projections.include(EARLIER_DEAD_LETTERED)).first();
        if (earlier != null) {
            earlier.getList(EARLIER_DEAD_LETTERED, String.class, List.of()).stream()
                    .filter(records::contains).forEach(sent::add);
        }
        return sent;
    }

    public void save(String consumer, Map<String, Long> nextOffsets) {
        save(consumer, nextOffsets, List.of());
    }

    /**
     * Records the batch's poison records as dead letters of the consumer, then saves its positions.
     * Stopped between the two, the consumer reads the batch again and finds them sent.
     */
    public void save(String consumer, Map<String, Long> nextOffsets, Collection<String> deadLettered) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        if (!deadLettered.isEmpty()) {
            List<UpdateOneModel<Document>> marks = deadLettered.stream().distinct().map(record -> new UpdateOneModel<Document>(
                    Filters.eq("_id", markOf(consumer, record)),
                    Updates.combine(Updates.setOnInsert("consumer", consumer), Updates.setOnInsert("record", record)),
                    new UpdateOptions().upsert(true))).toList();
            deadLetters.bulkWrite(marks, new BulkWriteOptions().ordered(false));
        }
        Document max = new Document();
        nextOffsets.forEach((source, offset) -> max.append("positions." + source, offset));
        collection.updateOne(Filters.eq("_id", consumer), new Document("$max", max), new UpdateOptions().upsert(true));
    }

    public void reset(String consumer) {
        collection.deleteOne(Filters.eq("_id", consumer));
        deadLetters.deleteMany(Filters.eq("consumer", consumer));
    }

    private static String markOf(String consumer, String record) {
        return consumer + " " + record;
    }
}
