package fr.maillage.activity.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import fr.maillage.activity.domain.Revisions;
import org.bson.Document;
import org.bson.conversions.Bson;
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
 * Which report describes each subject that only one report may describe (a tiers-lieu's month of
 * monthly indicators), {@code _id} = the subject, with the highest revision accepted for it. Every
 * write is conditional on the owner the batch read: a first claim is an insertion, which the store
 * refuses to a second claimant; the owner's next revision and a takeover are updates filtered on
 * that owner. Two publishers or instances at once cannot both own a subject, and a takeover never
 * passes a revision it did not see.
 */
@Repository
public class SubjectOwners {

    static final String COLLECTION = "subject_owners";
    private static final String PUBLISHER = "publisherId";
    private static final String REPORT = "reportId";
    private static final String REVISION = "revision";

    private final MongoCollection<Document> collection;
    private final AcceptedReports accepted;

    public SubjectOwners(MongoDatabase database, AcceptedReports accepted) {
        this.collection = database.getCollection(COLLECTION);
        this.accepted = accepted;
    }

    /** A subject for a report, over the owner the batch read ({@code null}: none). */
    public record Claim(Revisions.Owner owner, Revisions.Owner over) {
    }

    /** The owners of these subjects, by subject (absent when unclaimed). */
    public Map<String, Revisions.Owner> find(Collection<String> subjects) {
        Map<String, Revisions.Owner> owners = new HashMap<>();
        if (subjects.isEmpty()) {
            return owners;
        }
        for (Document doc : collection.find(Filters.in("_id", new LinkedHashSet<>(subjects)))) {
            Number revision = doc.get(REVISION, Number.class);
            String publisherId = doc.getString(PUBLISHER);
            String reportId = doc.getString(REPORT);
            owners.put(doc.getString("_id"), new Revisions.Owner(publisherId, reportId,
                    revision != null ? revision.intValue() : acceptedRevision(publisherId, reportId)));
        }
        return owners;
    }

    /**
     * The owner's revision where its document is of the earlier layout, which kept none: the
     * highest revision accepted for its report, which a takeover must pass (reporting keeps the
     * highest revision per subject).
     */
    private int acceptedRevision(String publisherId, String reportId) {
        Revisions.Accepted found = accepted.find(publisherId, List.of(reportId)).get(reportId);
        return found == null ? 0 : found.revision();
    }

    /**
     * Writes the claims, each only over the owner it names; answers the owners then stored for
     * these subjects, from which the caller tells the claims it lost (another owner).
     */
    public Map<String, Revisions.Owner> claim(Map<String, Claim> claims, Instant at) {
        if (claims.isEmpty()) {
            return Map.of();
        }
        List<WriteModel<Document>> writes = new ArrayList<>(claims.size());
        claims.forEach((subject, claim) -> writes.add(write(subject, claim, Date.from(at))));
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null || e.getWriteErrors().stream().anyMatch(error ->
                    ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY)) {
                throw e; // not known to be written: nothing may be published on such a claim
            }
            // a first claim another report made meanwhile: read below
        }
        return find(claims.keySet());
    }

    private static WriteModel<Document> write(String subject, Claim claim, Date at) {
        Revisions.Owner owner = claim.owner();
        Revisions.Owner over = claim.over();
        if (over == null) {
            return new InsertOneModel<>(new Document("_id", subject).append(PUBLISHER, owner.publisherId())
                    .append(REPORT, owner.reportId()).append(REVISION, owner.revision()).append("claimedAt", at));
        }
        Bson owned = Filters.and(Filters.eq("_id", subject), Filters.eq(PUBLISHER, over.publisherId()),
                Filters.eq(REPORT, over.reportId()));
        if (over.is(owner.publisherId(), owner.reportId())) { // the owner's next revision
            return new UpdateOneModel<>(owned, Updates.max(REVISION, owner.revision()));
        }
        // an owner document written before owners kept their revision has none (see find)
        Bson revisionRead = Filters.or(Filters.eq(REVISION, over.revision()), Filters.exists(REVISION, false));
        return new UpdateOneModel<>(Filters.and(owned, revisionRead), Updates.combine(
                Updates.set(PUBLISHER, owner.publisherId()), Updates.set(REPORT, owner.reportId()),
                Updates.set(REVISION, owner.revision()), Updates.set("claimedAt", at)));
    }
}
