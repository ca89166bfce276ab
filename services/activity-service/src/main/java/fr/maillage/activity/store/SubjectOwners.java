package fr.maillage.activity.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import fr.maillage.activity.domain.Revisions;
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
 * Which report describes each subject that only one report may describe (a tiers-lieu's month of
 * monthly indicators), {@code _id} = the subject. The first report to claim a subject keeps it:
 * a claim is an insertion, which the store refuses to a second claimant, from whichever instance
 * or publisher, so that two publishers at once cannot both own a subject.
 */
@Repository
public class SubjectOwners {

    static final String COLLECTION = "subject_owners";

    private final MongoCollection<Document> collection;

    public SubjectOwners(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    /** The owners of these subjects, by subject (absent when unclaimed). */
    public Map<String, Revisions.Owner> find(Collection<String> subjects) {
        Map<String, Revisions.Owner> owners = new HashMap<>();
        if (subjects.isEmpty()) {
            return owners;
        }
        for (Document doc : collection.find(Filters.in("_id", new LinkedHashSet<>(subjects)))) {
            owners.put(doc.getString("_id"), new Revisions.Owner(doc.getString("publisherId"), doc.getString("reportId")));
        }
        return owners;
    }

    /**
     * Claims unclaimed subjects; answers those another report claimed first (with their owner),
     * which the caller must not publish. Claiming again a subject one already owns is harmless.
     */
    public Map<String, Revisions.Owner> claim(Map<String, Revisions.Owner> claims, Instant at) {
        if (claims.isEmpty()) {
            return Map.of();
        }
        List<String> subjects = new ArrayList<>(claims.keySet());
        List<InsertOneModel<Document>> inserts = new ArrayList<>(subjects.size());
        for (String subject : subjects) {
            Revisions.Owner owner = claims.get(subject);
            inserts.add(new InsertOneModel<>(new Document("_id", subject).append("publisherId", owner.publisherId())
                    .append("reportId", owner.reportId()).append("claimedAt", Date.from(at))));
        }
        try {
            collection.bulkWrite(inserts, new BulkWriteOptions().ordered(false));
            return Map.of();
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e; // not known to be written: nothing may be published on such a claim
            }
            List<String> taken = new ArrayList<>();
            e.getWriteErrors().forEach(error -> {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                taken.add(subjects.get(error.getIndex()));
            });
            Map<String, Revisions.Owner> lost = new HashMap<>();
            find(taken).forEach((subject, owner) -> {
                if (!owner.equals(claims.get(subject))) {
                    lost.put(subject, owner);
                }
            });
            return lost;
        }
    }
}
