package fr.maillage.reporting.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Premises on offer until a day stop counting as on offer when that day is over in France, though
 * no event comes then; those without a last day, or past it but reserved, are not concerned.
 */
class OfferDaysTest {

    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private static MongoClient client;
    private static MongoDatabase database;

    @BeforeAll
    static void connect() {
        TestStack.start();
        client = MongoClients.create(TestStack.mongoUri());
        database = client.getDatabase("reporting-offer-days-" + UUID.randomUUID());
    }

    @AfterAll
    static void close() {
        database.drop();
        client.close();
    }

    @Test
    void anOfferLeavesTheCountAtMidnightParisTimeAfterItsLastDay() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-30T22:30:00Z")); // 23:30 in Paris
        PartnershipProjection projection = new PartnershipProjection(database, "_days", clock);
        AtomicInteger changes = new AtomicInteger();
        projection.onChange(changes::incrementAndGet);
        LocalDate lastDay = LocalDate.parse("2026-11-30");
        projection.apply(List.of(premises("p-until", "APPLIED", lastDay), premises("p-open", "OFFERED", null),
                premises("p-reserved", "RESERVED", lastDay)), clock.instant(), List.of(), null);
        assertThat(changes).hasValue(1);
        assertThat(projection.premises().onOffer()).as("its last day is not over").isEqualTo(2);
        assertThat(projection.premises().byStatus()).isEqualTo(Map.of("OFFERED", 1L, "APPLIED", 1L, "RESERVED", 1L));

        projection.newDay();
        assertThat(projection.premises().onOffer()).isEqualTo(2);
        assertThat(changes).as("the same day: nothing to tell").hasValue(1);

        clock.now = Instant.parse("2026-11-30T23:00:00Z"); // midnight in Paris, still the 30th in UTC
        projection.newDay();
        assertThat(projection.premises().onOffer()).as("the offer without a last day").isEqualTo(1);
        assertThat(projection.premises().total()).isEqualTo(3);
        assertThat(projection.premises().byStatus()).as("OFFERED + APPLIED = onOffer")
                .isEqualTo(Map.of("OFFERED", 1L, "OFFER_ENDED", 1L, "RESERVED", 1L));
        assertThat(projection.premises().byRegion()).isEqualTo(Map.of("52",
                Map.of("OFFERED", 1L, "OFFER_ENDED", 1L, "RESERVED", 1L)));
        assertThat(changes).hasValue(2);

        projection.newDay();
        assertThat(changes).hasValue(2);
    }

    private static PremisesState premises(String id, String status, LocalDate availableUntil) {
        return new PremisesState(id, 1, "org-nantes", "44109", "Nantes", "44", "52", "5 rue de la Course", 120,
                "WORKSHOP", "FREE", null, LocalDate.parse("2026-06-01"), availableUntil, status, 0, null,
                Instant.parse("2026-11-30T10:00:00Z"));
    }

    /** A clock the test moves, in France's zone. */
    private static final class MovableClock extends Clock {

        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return FRANCE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
