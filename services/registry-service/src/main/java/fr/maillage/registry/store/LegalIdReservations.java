package fr.maillage.registry.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * One document per legal identifier an organisation holds ({@code _id} "siret:…" or "rna:…",
 * naming the organisation): inserted before the organisation, so that of two registrations with
 * one SIRET only one can win. A unique index on the organisations' own fields would not do: most
 * have no RNA, or no SIRET, and the embedded server's unique index admits one missing value.
 */
@Component
public class LegalIdReservations {

    static final String COLLECTION = "legal_ids";
    private static final int ATTEMPTS = 5;

    private final MongoCollection<Document> reservations;

    LegalIdReservations(MongoDatabase database) {
        this.reservations = database.getCollection(COLLECTION);
    }

    /** Who holds a legal id, since when. */
    public record Reservation(String legalId, String organisationId, Instant reservedAt) {
    }

    /**
     * Reserves {@code legalId} for {@code organisationId} (again, for a retry: its time is then now);
     * empty once it is, else the reservation of another organisation, which stands.
     */
    public Optional<Reservation> reserve(String legalId, String organisationId, Instant now) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                reservations.insertOne(new Document("_id", legalId).append("organisationId", organisationId)
                        .append("reservedAt", Date.from(now)));
                return Optional.empty();
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document held = reservations.find(Filters.eq("_id", legalId)).first();
            if (held == null) {
                continue; // released in between (a registration refused on another of its ids gave it back): take it again
            }
            if (!organisationId.equals(held.getString("organisationId"))) {
                return Optional.of(new Reservation(legalId, held.getString("organisationId"),
                        held.getDate("reservedAt").toInstant()));
            }
            if (reservations.updateOne(Filters.and(Filters.eq("_id", legalId), Filters.eq("organisationId", organisationId)),
                    Updates.set("reservedAt", Date.from(now))).getMatchedCount() == 1) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("The reservation of " + legalId + " kept changing");
    }

    /** Removes the reservation of {@code legalId} if it still names {@code organisationId}. */
    public void release(String legalId, String organisationId) {
        reservations.deleteOne(Filters.and(Filters.eq("_id", legalId), Filters.eq("organisationId", organisationId)));
    }

    /** Gives {@code held} to {@code organisationId} if nobody changed it since it was read; whether it did. */
    public boolean takeOver(Reservation held, String organisationId, Instant now) {
        return reservations.updateOne(Filters.and(Filters.eq("_id", held.legalId()),
                        Filters.eq("organisationId", held.organisationId()),
                        Filters.eq("reservedAt", Date.from(held.reservedAt()))),
                Updates.combine(Updates.set("organisationId", organisationId), Updates.set("reservedAt", Date.from(now))))
                .getMatchedCount() == 1;
    }
}
