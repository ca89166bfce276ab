package fr.maillage.activity.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
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
import java.util.TreeMap;

/**
 * The highest accepted revision of each (publisher, reportId), with a hash of the content of each
 * accepted revision.
 *
 * <p>A publisher's reports are spread over {@value #BUCKETS} documents by a hash of the reportId,
 * so a request (which always comes from one publisher) costs one read and one bulk write of at most
 * {@value #BUCKETS} documents however many reports it carries: a round trip or a document per report
 * is what capped ingest (the embedded MongoDB-wire server manages a few thousand document
 * operations per second). Every filter is on {@code _id}, the only index that server uses.
 *
 * <p>A report is recorded with {@code $max} on its revision and {@code $set} of its kind and hash
 * under that revision: both commute, so concurrent requests end with the highest revision and its own hash
 * whatever their order, without a conditional filter.
 */
@Repository
public class AcceptedReports {

    static final int BUCKETS = 32;
    private static final String REPORTS = "reports";

    private final MongoCollection<Document> collection;

    public AcceptedReports(MongoDatabase database) {
        this.collection = database.getCollection("accepted_report_buckets");
    }

    /** What is recorded for these reportIds of this publisher, by reportId. */
    public Map<String, Revisions.Accepted> find(String publisherId, Collection<String> reportIds) {
        Map<String, List<String>> byBucket = new TreeMap<>();
        for (String reportId : new LinkedHashSet<>(reportIds)) {
            byBucket.computeIfAbsent(bucketId(publisherId, reportId), bucket -> new ArrayList<>()).add(reportId);
        }
        Map<String, Revisions.Accepted> found = new HashMap<>();
        // one query per bucket, each projected on its own reports: the wire server checks the fields of
        // a projection against each other, so one projection of a thousand fields cost more than the rest
        byBucket.forEach((bucketId, wanted) -> {
            Document bucket = collection.find(Filters.eq("_id", bucketId))
                    .projection(Projections.include(wanted.stream().map(id -> REPORTS + "." + field(id)).toList()))
                    .first();
            Document reports = bucket == null ? null : bucket.get(REPORTS, Document.class);
            if (reports == null) {
                return;
            }
            for (String reportId : wanted) {
                Document report = reports.get(field(reportId), Document.class);
                if (report != null) {
                    int revision = report.getInteger("r");
                    Document hashes = report.get("h", Document.class);
                    String kindAndHash = hashes == null ? null : hashes.getString(Integer.toString(revision));
                    if (kindAndHash != null) {
                        int colon = kindAndHash.indexOf(':');
                        found.put(reportId, new Revisions.Accepted(Submission.Kind.valueOf(kindAndHash.substring(0, colon)),
                                revision, kindAndHash.substring(colon + 1)));
                    }
                }
            }
        });
        return found;
    }

    /** Records accepted submissions (at most one per reportId): one update per bucket they fall in. */
    public void record(String publisherId, List<? extends Submission> accepted, Instant at) {
        Map<String, Document> maxima = new TreeMap<>();
        Map<String, Document> sets = new TreeMap<>();
        for (Submission submission : accepted) {
            String bucket = bucketId(publisherId, submission.reportId());
            String path = REPORTS + "." + field(submission.reportId());
            maxima.computeIfAbsent(bucket, b -> new Document()).append(path + ".r", submission.revision());
            // the kind travels with the hash: one field less to update per report
            sets.computeIfAbsent(bucket, b -> new Document("updatedAt", Date.from(at)))
                    .append(path + ".h." + submission.revision(), submission.kind().name() + ":" + submission.contentHash());
        }
        List<WriteModel<Document>> writes = new ArrayList<>(maxima.size());
        maxima.forEach((bucket, max) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", bucket),
                new Document("$max", max).append("$set", sets.get(bucket))
                        .append("$setOnInsert", new Document("publisherId", publisherId)),
                new UpdateOptions().upsert(true))));
        if (writes.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // two requests creating the same bucket at once: the loser's upsert is refused; its
            // updates commute with the winner's, so applying them again is exact
            if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
                    != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            collection.bulkWrite(e.getWriteErrors().stream().map(error -> writes.get(error.getIndex())).toList(),
                    new BulkWriteOptions().ordered(false));
        }
    }

    private static String bucketId(String publisherId, String reportId) {
        return publisherId + "|" + Math.floorMod(reportId.hashCode(), BUCKETS);
    }

    /** A reportId as a field name: '.' would make a path, '~' never occurs in a reportId. */
    private static String field(String reportId) {
        return reportId.replace('.', '~');
    }
}
