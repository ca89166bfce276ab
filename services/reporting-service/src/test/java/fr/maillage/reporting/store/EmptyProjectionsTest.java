package fr.maillage.reporting.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import fr.maillage.testsupport.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Projections that have seen no event yet say so ({@code asOf} null), not "as of 1 January 1970". */
class EmptyProjectionsTest {

    private static MongoClient client;
    private static MongoDatabase database;

    @BeforeAll
    static void connect() {
        TestStack.start();
        client = MongoClients.create(TestStack.mongoUri());
        database = client.getDatabase("reporting-empty-" + UUID.randomUUID());
    }

    @AfterAll
    static void close() {
        database.drop();
        client.close();
    }

    @Test
    void noEventMeansNoAsOfAndTheFirstEventGivesIt() {
        ThirdPlaceProjection places = new ThirdPlaceProjection(database, "_empty");
        PartnershipProjection partnership = new PartnershipProjection(database, "_empty");
        places.load();
        partnership.load();

        assertThat(places.overview().total()).isZero();
        assertThat(places.overview().asOf()).isNull();
        assertThat(places.programme().asOf()).isNull();
        assertThat(places.facilitators().asOf()).isNull();
        assertThat(partnership.premises().asOf()).isNull();
        assertThat(partnership.funds().asOf()).isNull();

        Instant first = Instant.parse("2026-11-30T09:15:00Z");
        places.apply(List.of(), first);
        partnership.apply(List.of(), null, List.of(), first); // a batch of fund events only
        assertThat(places.overview().asOf()).isEqualTo(first);
        assertThat(partnership.premises().asOf()).as("no premises event yet").isNull();
        assertThat(partnership.funds().asOf()).isEqualTo(first);

        Instant later = first.plusSeconds(60);
        partnership.apply(List.of(), later, List.of(), null);
        assertThat(partnership.premises().asOf()).isEqualTo(later);
        assertThat(partnership.funds().asOf()).isEqualTo(first);
    }
}
