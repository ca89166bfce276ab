package fr.maillage.registry.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Facilitator counts per tiers-lieu, each side in one pass over its collection: what the facilitators
 * collection says and what the places recorded. The store has no secondary index, so a count per
 * place would read every facilitator once per place.
 */
@Component
public class FacilitatorTallies {

    /** Facilitators working at a place (not erased), and how many of them are certified. */
    public record Counts(int total, int certified) {
        public static final Counts NONE = new Counts(0, 0);
    }

    private final MongoDatabase database;

    public FacilitatorTallies(MongoDatabase database) {
        this.database = database;
    }

    /** What the facilitators of one place add up to (two counts: the store has no index to group by place). */
    public Counts of(String thirdPlaceId) {
        var facilitators = database.getCollection(RegistryStores.FACILITATORS);
        Bson working = Filters.and(Filters.eq("state.thirdPlaceId", thirdPlaceId), Filters.eq("state.erasedAt", null));
        Bson certified = Filters.and(working, Filters.exists("state.certifications.0"));
        return new Counts((int) facilitators.countDocuments(working), (int) facilitators.countDocuments(certified));
    }

    /** Per place id, what its facilitators add up to; a place without any is absent. */
    public Map<String, Counts> fromFacilitators() {
        Document certified = new Document("$cond", List.of(
                new Document("$gt", List.of(new Document("$size",
                        new Document("$ifNull", List.of("$state.certifications", List.of()))), 0)), 1, 0));
        var groups = database.getCollection(RegistryStores.FACILITATORS).aggregate(List.of(
                Aggregates.match(Filters.eq("state.erasedAt", null)),
                Aggregates.group("$state.thirdPlaceId", Accumulators.sum("total", 1),
                        Accumulators.sum("certified", certified))));
        Map<String, Counts> counts = new HashMap<>();
        for (Document group : groups) {
            counts.put(group.getString("_id"), new Counts(number(group, "total"), number(group, "certified")));
        }
        return counts;
    }

    /** Per place id, the counts the place holds; a place that records no facilitator is absent. */
    public Map<String, Counts> recordedOnPlaces() {
        var places = database.getCollection(RegistryStores.THIRD_PLACES)
                .find(Filters.gt("state.facilitators", 0))
                .projection(Projections.include("state.facilitators", "state.certifiedFacilitators"));
        Map<String, Counts> counts = new HashMap<>();
        for (Document place : places) {
            Document state = place.get("state", Document.class);
            counts.put(place.getString("_id"), new Counts(number(state, "facilitators"),
                    number(state, "certifiedFacilitators")));
        }
        return counts;
    }

    private static int number(Document document, String field) {
        Object value = document.get(field);
        return value == null ? 0 : ((Number) value).intValue();
    }
}
