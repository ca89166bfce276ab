package fr.maillage.activity.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import fr.maillage.activity.domain.Revisions;
import fr.maillage.activity.domain.Submission;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonBinaryWriter;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The highest accepted revision of each (publisher, reportId), with a hash of the content of each
 * accepted revision and, for monthly indicators, the tiers-lieu and month they give: one small
 * document per report, {@code _id} = publisherId|reportId.
 *
 * <p>A request (which always comes from one publisher) costs one read ({@code $in} on {@code _id},
 * the index every MongoDB has) and one bulk write, whatever the publisher's history: the earlier
 * layout kept a publisher's reports in 32 bucket documents, and each request rewrote those whole
 * documents, which grew with every report accepted.
 *
 * <p>A report is recorded with {@code $max} on its revision and {@code $set} of its kind and hash
 * under that revision: both commute, so concurrent requests end with the highest revision and its
 * own hash whatever their order, without a conditional filter.
 */
@Repository
public class AcceptedReports {

    static final String COLLECTION = "accepted_reports";
    /** The earlier layout, read until {@link #migrateBuckets()} has emptied it. */
    static final String BUCKETS = "accepted_report_buckets";
    /** The earlier layout's documents per publisher, a report in the one of its reportId's hash. */
    private static final int BUCKETS_PER_PUBLISHER = 32;
    private static final Logger log = LoggerFactory.getLogger(AcceptedReports.class);
    private static final int MIGRATION_BATCH = 1_000;
    /** What a report describes when only one report may ({@link Submission#subject()}); absent otherwise. */
    private static final String SUBJECT = "s";

    private final MongoCollection<Document> collection;
    /**
     * The same collection for writes, as documents already in BSON, which the driver copies as
     * they are: with {@code Document}s it looked up a codec for every value (a fifth of activity's
     * CPU under load, for a request's 1,000 reports), and with {@code BsonDocument}s still a
     * tenth.
     */
    private final MongoCollection<RawBsonDocument> writable;
    private final MongoCollection<Document> buckets;
    /** Null until checked: whether the earlier layout may still hold reports. */
    private volatile Boolean bucketsLeft;

    public AcceptedReports(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        this.writable = database.getCollection(COLLECTION, RawBsonDocument.class);
        this.buckets = database.getCollection(BUCKETS);
    }

    /** What is recorded for these reportIds of this publisher, by reportId. */
    public Map<String, Revisions.Accepted> find(String publisherId, Collection<String> reportIds) {
        Map<String, String> byId = new HashMap<>();
        for (String reportId : new LinkedHashSet<>(reportIds)) {
            byId.put(id(publisherId, reportId), reportId);
        }
        Map<String, Revisions.Accepted> found = new HashMap<>();
        boolean bucketsLeft = bucketsLeft(); // before the read: a migration may end between the two
        findIn(byId, byId.keySet(), found);
        if (found.size() < byId.size() && bucketsLeft) {
            List<String> missing = byId.values().stream().filter(reportId -> !found.containsKey(reportId)).toList();
            found.putAll(findInBuckets(publisherId, missing));
            // the migration writes a report here before it deletes its bucket: one it moved between the
            // two reads above, missed by both, is here now
            List<String> stillMissing = byId.entrySet().stream().filter(entry -> !found.containsKey(entry.getValue()))
                    .map(Map.Entry::getKey).toList();
            if (!stillMissing.isEmpty()) {
                findIn(byId, stillMissing, found);
            }
        }
        return found;
    }

    private void findIn(Map<String, String> byId, Collection<String> ids, Map<String, Revisions.Accepted> found) {
        for (Document doc : collection.find(Filters.in("_id", ids))) {
            String reportId = byId.get(doc.getString("_id"));
            Revisions.Accepted accepted = accepted(doc);
            if (reportId != null && accepted != null) {
                found.put(reportId, accepted);
            }
        }
    }

    /**
     * Records accepted submissions (at most one per reportId): one bulk write of a document each.
     * A report {@link #find} did not find is inserted whole, which the store does several times
     * more cheaply than an upsert whose operators it must apply to an empty document (on the
     * embedded store that was half of all it allocated under load); if a concurrent request
     * inserted it first, it is raised like a known one.
     */
    public void record(String publisherId, List<? extends Submission> accepted, Instant at, Set<String> known) {
        List<WriteModel<RawBsonDocument>> writes = new ArrayList<>(accepted.size());
        List<WriteModel<RawBsonDocument>> raises = new ArrayList<>(accepted.size());
        BsonDateTime updatedAt = new BsonDateTime(at.toEpochMilli());
        for (Submission submission : accepted) {
            String id = id(publisherId, submission.reportId());
            String revision = Integer.toString(submission.revision());
            String kindAndHash = submission.kind().name() + ":" + submission.contentHash();
            BsonDocument set = new BsonDocument("h." + revision, new BsonString(kindAndHash)).append("updatedAt", updatedAt);
            if (submission.subject() != null) {
                set.append(SUBJECT, new BsonString(submission.subject()));
            }
            WriteModel<RawBsonDocument> raise = raise(id, publisherId, submission.revision(), set);
            raises.add(raise);
            writes.add(known.contains(submission.reportId()) ? raise : new InsertOneModel<>(
                    report(id, submission.revision(), publisherId, revision, kindAndHash, submission.subject(), at)));
        }
        write(writes, raises);
    }

    /** A report's document as an insertion writes it, in BSON. */
    private static RawBsonDocument report(String id, int revision, String publisherId, String revisionKey,
                                          String kindAndHash, String subject, Instant at) {
        BasicOutputBuffer bson = new BasicOutputBuffer(160);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(bson)) {
            writer.writeStartDocument();
            writer.writeString("_id", id);
            writer.writeInt32("r", revision);
            writer.writeString("publisherId", publisherId);
            writer.writeStartDocument("h");
            writer.writeString(revisionKey, kindAndHash);
            writer.writeEndDocument();
            if (subject != null) {
                writer.writeString(SUBJECT, subject);
            }
            writer.writeDateTime("updatedAt", at.toEpochMilli());
            writer.writeEndDocument();
        }
        return new RawBsonDocument(bson.getInternalBuffer(), 0, bson.getPosition());
    }

    /**
     * Moves the reports of the earlier layout (32 bucket documents per publisher) into documents of
     * their own, a bucket at a time, and drops each bucket once copied. Requests meanwhile also read
     * the buckets; the copy raises with the same commuting operators, so it never lowers a revision
     * recorded since. Answers how many reports were moved.
     */
    public long migrateBuckets() {
        long moved = 0;
        if (!bucketsLeft()) {
            return 0;
        }
        for (Document bucket : buckets.find()) {
            // a pod of the earlier version may still write the bucket (a rolling update): it is
            // deleted only as it was read, or read and moved again
            for (Document read = bucket; read != null; read = buckets.find(Filters.eq("_id", read.get("_id"))).first()) {
                moved += moveBucket(read);
                if (buckets.deleteOne(Filters.and(Filters.eq("_id", read.get("_id")),
                        Filters.eq("reports", read.get("reports")))).getDeletedCount() == 1) {
                    break;
                }
            }
        }
        bucketsLeft = buckets.countDocuments() > 0;
        if (moved > 0) {
            log.info("Moved {} accepted reports from {} to {}", moved, BUCKETS, COLLECTION);
        }
        return moved;
    }

    /** Writes a bucket's reports to their own documents (raised, never lowered); returns how many. */
    private long moveBucket(Document bucket) {
        long moved = 0;
        String publisherId = bucket.getString("publisherId");
        Document reports = bucket.get("reports", Document.class);
        List<WriteModel<RawBsonDocument>> writes = new ArrayList<>();
        if (publisherId != null && reports != null) {
            for (Map.Entry<String, Object> entry : reports.entrySet()) {
                if (!(entry.getValue() instanceof Document report) || report.getInteger("r") == null) {
                    continue;
                }
                Document hashes = report.get("h", Document.class);
                BsonDocument set = new BsonDocument();
                if (hashes != null) {
                    hashes.forEach((revision, kindAndHash) -> {
                        if (kindAndHash instanceof String text) {
                            set.append("h." + revision, new BsonString(text));
                        }
                    });
                }
                writes.add(raise(id(publisherId, reportIdOf(entry.getKey())), publisherId,
                        report.getInteger("r"), set));
                if (writes.size() == MIGRATION_BATCH) {
                    write(writes, writes);
                    moved += writes.size();
                    writes = new ArrayList<>();
                }
            }
        }
        write(writes, writes);
        return moved + writes.size();
    }

    private boolean bucketsLeft() {
        Boolean left = bucketsLeft;
        if (left == null) {
            left = buckets.find().limit(1).first() != null;
            bucketsLeft = left;
        }
        return left;
    }

    private Map<String, Revisions.Accepted> findInBuckets(String publisherId, List<String> reportIds) {
        Map<String, List<String>> byBucket = new TreeMap<>();
        for (String reportId : reportIds) {
            byBucket.computeIfAbsent(publisherId + "|" + Math.floorMod(reportId.hashCode(), BUCKETS_PER_PUBLISHER),
                    bucket -> new ArrayList<>()).add(reportId);
        }
        Map<String, Revisions.Accepted> found = new HashMap<>();
        byBucket.forEach((bucketId, wanted) -> {
            Document bucket = buckets.find(Filters.eq("_id", bucketId))
                    .projection(Projections.include(wanted.stream().map(id -> "reports." + bucketField(id)).toList()))
                    .first();
            Document reports = bucket == null ? null : bucket.get("reports", Document.class);
            if (reports != null) {
                for (String reportId : wanted) {
                    Revisions.Accepted accepted = accepted(reports.get(bucketField(reportId), Document.class));
                    if (accepted != null) {
                        found.put(reportId, accepted);
                    }
                }
            }
        });
        return found;
    }

    /** The highest revision of a report and the kind and hash recorded with it; null if incomplete. */
    private static Revisions.Accepted accepted(Document report) {
        if (report == null || report.getInteger("r") == null) {
            return null;
        }
        int revision = report.getInteger("r");
        Document hashes = report.get("h", Document.class);
        String kindAndHash = hashes == null ? null : hashes.getString(Integer.toString(revision));
        if (kindAndHash == null) {
            return null;
        }
        int colon = kindAndHash.indexOf(':');
        return new Revisions.Accepted(Submission.Kind.valueOf(kindAndHash.substring(0, colon)), revision,
                kindAndHash.substring(colon + 1), report.getString(SUBJECT));
    }

    private static WriteModel<RawBsonDocument> raise(String id, String publisherId, int revision, BsonDocument set) {
        BsonDocument update = new BsonDocument("$max", new BsonDocument("r", new BsonInt32(revision)))
                .append("$setOnInsert", new BsonDocument("publisherId", new BsonString(publisherId)));
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        return new UpdateOneModel<>(Filters.eq("_id", id), update, new UpdateOptions().upsert(true));
    }

    /** Writes, then for each write refused as a duplicate key the write of {@code onDuplicate} at its index. */
    private void write(List<WriteModel<RawBsonDocument>> writes, List<WriteModel<RawBsonDocument>> onDuplicate) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            writable.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // two requests creating the same report's document at once: the loser's insert (or
            // upsert) is refused; its updates commute with the winner's, so raising is exact
            if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty() || e.getWriteErrors().stream()
                    .anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY)) {
                throw e; // not known to be written (a write concern not met): the batch answers 503
            }
            writable.bulkWrite(e.getWriteErrors().stream().map(error -> onDuplicate.get(error.getIndex())).toList(),
                    new BulkWriteOptions().ordered(false));
        }
    }

    /** A reportId as the earlier layout's field name: '.' would make a path, '~' never occurs in a reportId. */
    private static String bucketField(String reportId) {
        return reportId.replace('.', '~');
    }

    private static String reportIdOf(String bucketField) {
        return bucketField.replace('~', '.');
    }

    private static String id(String publisherId, String reportId) {
        return publisherId + "|" + reportId;
    }
}
