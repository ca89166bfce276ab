package fr.maillage.activity.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import fr.maillage.activity.domain.Revisions;
import fr.maillage.activity.domain.Submission;
import org.bson.Document;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The highest accepted revision of each (publisher, reportId), with a hash of the content of each
 * accepted revision: one bulk read and one bulk write per request, never a round trip per item.
 * <p>
 * Every filter is on {@code _id} alone, the only index the MongoDB-wire server uses (a filter with
 * another condition makes it scan the collection for each operation). A report seen for the
 * first time is inserted; a known one gets {@code $max} on its revision and {@code $set} of the
 * hash under that revision: both commute, so concurrent requests end with the highest revision and
 * its own hash whatever their order, without a conditional filter.
 */
@Repository
public class AcceptedReports {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> collection;

    public AcceptedReports(MongoDatabase database) {
        this.collection = database.getCollection("accepted_reports");
    }

    /** What is recorded for these reportIds of this publisher, by reportId. */
    public Map<String, Revisions.Accepted> find(String publisherId, Collection<String> reportIds) {
        Map<String, Revisions.Accepted> found = new HashMap<>();
        if (reportIds.isEmpty()) {
            return found;
        }
        List<String> ids = new LinkedHashSet<>(reportIds).stream().map(reportId -> id(publisherId, reportId)).toList();
        for (Document doc : collection.find(Filters.in("_id", ids))) {
            int revision = doc.getInteger("revision");
            Document hashes = doc.get("hashes", Document.class);
            found.put(doc.getString("reportId"), new Revisions.Accepted(Submission.Kind.valueOf(doc.getString("kind")),
                    revision, hashes == null ? "" : hashes.getString(Integer.toString(revision))));
        }
        return found;
    }

    /**
     * Records accepted submissions (at most one per reportId). {@code known} are the reportIds
     * {@link #find} returned for this request; the others are inserted, and one inserted meanwhile
     * by a concurrent request is updated instead.
     */
    public void record(String publisherId, List<? extends Submission> accepted, Collection<String> known, Instant at) {
        List<WriteModel<Document>> writes = new ArrayList<>(accepted.size());
        for (Submission submission : accepted) {
            writes.add(known.contains(submission.reportId()) ? raise(publisherId, submission, at)
                    : new InsertOneModel<>(insert(publisherId, submission, at)));
        }
        List<WriteModel<Document>> raced = write(writes);
        if (!raced.isEmpty()) {
            List<WriteModel<Document>> updates = new ArrayList<>();
            for (WriteModel<Document> insert : raced) {
                Document doc = ((InsertOneModel<Document>) insert).getDocument();
                Submission submission = accepted.stream()
                        .filter(s -> s.reportId().equals(doc.getString("reportId"))).findFirst().orElseThrow();
                updates.add(raise(publisherId, submission, at));
            }
            write(updates);
        }
    }

    /** Writes in bulk; returns the inserts refused because the document exists. */
    private List<WriteModel<Document>> write(List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return List.of();
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            return List.of();
        } catch (MongoBulkWriteException e) {
            List<WriteModel<Document>> raced = new ArrayList<>();
            for (BulkWriteError error : e.getWriteErrors()) {
                WriteModel<Document> write = writes.get(error.getIndex());
                if (error.getCode() != DUPLICATE_KEY || !(write instanceof InsertOneModel)) {
                    throw e;
                }
                raced.add(write);
            }
            return raced;
        }
    }

    private static Document insert(String publisherId, Submission submission, Instant at) {
        return new Document("_id", id(publisherId, submission.reportId()))
                .append("publisherId", publisherId)
                .append("reportId", submission.reportId())
                .append("kind", submission.kind().name())
                .append("revision", submission.revision())
                .append("hashes", new Document(Integer.toString(submission.revision()), submission.contentHash()))
                .append("acceptedAt", Date.from(at));
    }

    private static WriteModel<Document> raise(String publisherId, Submission submission, Instant at) {
        return new UpdateOneModel<>(Filters.eq("_id", id(publisherId, submission.reportId())), Updates.combine(
                Updates.max("revision", submission.revision()),
                Updates.set("hashes." + submission.revision(), submission.contentHash()),
                Updates.set("acceptedAt", Date.from(at)),
                Updates.setOnInsert("publisherId", publisherId),
                Updates.setOnInsert("reportId", submission.reportId()),
                Updates.setOnInsert("kind", submission.kind().name())), new UpdateOptions().upsert(true));
    }

    private static String id(String publisherId, String reportId) {
        return publisherId + "|" + reportId;
    }
}
