package fr.maillage.reporting;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;
import fr.maillage.events.partnership.FundOpened;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.partnership.PremisesOffered;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.reporting.events.LiveConsumers;
import fr.maillage.reporting.store.Generations;
import fr.maillage.reporting.store.ProjectionSet;
import fr.maillage.reporting.usecase.RebuildProjections;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replaying every stream into fresh collections gives the same projections, swapped in while serving. */
class RebuildTest extends ReportingIntegrationTest {

    private static final List<String> VIEWS = List.of("/api/v1/overview", "/api/v1/overview?region=75",
            "/api/v1/fabriques", "/api/v1/facilitators-summary", "/api/v1/activity",
            "/api/v1/activity?from=2043-01&to=2043-12&region=75", "/api/v1/monthly-indicators",
            "/api/v1/premises-summary", "/api/v1/funds-summary", "/api/v1/exports/third-places.json");

    @Autowired
    MongoDatabase database;

    @Autowired
    RebuildProjections rebuild;

    @Autowired
    StoreFaults faults;

    @Autowired
    LiveConsumers liveConsumers;

    @Autowired
    Generations generations;

    @AfterEach
    void noMoreFaults() {
        faults.clear();
    }

    @Test
    void onlyTheNationalKeyRebuilds() {
        assertProblem(http.post("/api/v1/admin/rebuild", null, ""), 401);
        assertProblem(http.post("/api/v1/admin/rebuild", ANALYST_KEY, ""), 403);
        assertProblem(http.get("/api/v1/admin/rebuild", FABRIQUE_KEY), 403);
        assertProblem(http.post("/api/v1/admin/rebuild", "mlg_unknown", ""), 401);
    }

    @Test
    void rebuiltProjectionsEqualTheLiveOnesAndTakeOverLiveUpdates() throws Exception {
        String fabrique = unique("fab-rebuild");
        place(fabrique, "75").label("RURAL", 5).facilitators(1, 1).send();
        for (int i = 0; i < 5; i++) {
            place(unique("member-rebuild"), "75").network(fabrique).send();
        }
        List<ActivityReportPublished> reports = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ActivityReportPublished report = new ActivityReportPublished("pub-rebuild", "r-" + fabrique + "-" + (i % 20),
                    i / 20, fabrique, LocalDate.of(2043, 1 + i % 12, 3), i % 2 == 0 ? "WORKSHOP" : "EVENT", 10 + i,
                    1.5 + i, List.of(), "75", "33", fabrique, Instant.now());
            reports.add(report);
        }
        reports.forEach(report -> send(ActivityTopics.EVENTS, fabrique,
                cloudEvent(ActivityEvents.REPORT_PUBLISHED, fabrique, report)));
        send(ActivityTopics.EVENTS, fabrique, cloudEvent(ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, fabrique,
                new MonthlyIndicatorsPublished("pub-rebuild", "mi-" + fabrique, 0, fabrique, "2043-02", 12, 40, 1.5, 3,
                        0.4, "75", Instant.now())));
        String premises = unique("premises-rebuild");
        send(PartnershipTopics.EVENTS, premises, cloudEvent(PartnershipEvents.PREMISES_OFFERED, premises,
                new PremisesOffered(premises, 1, Instant.now(), new PremisesState(premises, 1, "org-bordeaux", "33063",
                        "Bordeaux", "33", "75", "3 quai des Chartrons", 90, "OFFICE", "MODERATE_RENT", 600L,
                        LocalDate.of(2027, 3, 1), null, "OFFERED", 0, null, Instant.now()))));
        String fund = unique("fund-rebuild");
        send(PartnershipTopics.EVENTS, fund, cloudEvent(PartnershipEvents.FUND_OPENED, fund, new FundOpened(fund, 1,
                Instant.now(), new FundState(fund, 1, "INVESTMENT", null, "Fonds " + fund, 50_000_000, 0, Instant.now()))));

        awaitCaughtUp();
        JsonNode activity = getJson("/api/v1/activity?from=2043-01&to=2043-12&region=75", null);
        assertThat(activity.path("reports").asLong()).isEqualTo(20);
        assertThat(activity.path("participants").asLong()).isEqualTo(participants(reports));
        assertThat(getJson("/api/v1/funds-summary", null).toString()).contains(fund);
        assertThat(getJson("/api/v1/monthly-indicators", null).path("byMonth").has("2043-02")).isTrue();
        Map<String, String> live = views();
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();

        long before = System.nanoTime();
        Http.Answer started = http.post("/api/v1/admin/rebuild", NATIONAL_KEY, "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("state").asString()).isIn("RUNNING", "SWAPPED");
        assertThat(started.json().path("generation").asInt()).isEqualTo(generation + 1);
        Http.Answer again = http.post("/api/v1/admin/rebuild", NATIONAL_KEY, "");
        if (again.status() != 202) {
            assertProblem(again, 409);
            assertThat(again.json().path("status").asInt()).as("the problem's own status, once").isEqualTo(409);
            assertThat(again.json().path("rebuild").path("state").asString()).isEqualTo("RUNNING");
        }
        assertThat(http.get("/api/v1/overview", null).status()).as("the live projections keep serving").isEqualTo(200);

        JsonNode done = awaitJson("/api/v1/admin/rebuild", NATIONAL_KEY, node -> !node.path("state").asString().equals("RUNNING"));
        if (again.status() == 202) {
            generation++; // the first rebuild had already swapped: the second one is the one we waited for
        }
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation + 1);
        // what was on the topics when it started, earlier tests' events too (how progress counts: RebuildProgressTest)
        assertThat(done.path("targetEvents").asLong()).isGreaterThanOrEqualTo(reports.size() + 9);
        double elapsed = (System.nanoTime() - before) / 1e9;
        double seconds = done.path("seconds").asDouble();
        assertThat(seconds).as("the rebuild's own time, within what the test waited").isPositive().isLessThanOrEqualTo(elapsed + 0.001);
        assertThat(done.path("eventsPerSecond").asDouble()).as("its rate is the events replayed over that time")
                .isCloseTo(done.path("replayedEvents").asLong() / seconds, org.assertj.core.data.Offset.offset(
                        Math.max(1.0, done.path("replayedEvents").asLong() / seconds / 20))); // rounded to a whole rate, from unrounded seconds

        assertThat(views()).isEqualTo(live);

        List<String> collections = database.listCollectionNames().into(new ArrayList<>());
        String suffix = "_rebuild_" + (generation + 1);
        assertThat(collections).contains("third_places" + suffix, "activity_counters" + suffix);
        assertThat(collections).noneMatch(name -> name.startsWith("third_places") && !name.equals("third_places" + suffix));

        String later = unique("after-rebuild");
        place(later, "75").send();
        awaitJson("/api/v1/overview?region=75", null, node -> node.path("total").asLong()
                == Http.json().readTree(live.get("/api/v1/overview?region=75")).path("total").asLong() + 1);
    }

    /**
     * What earlier versions kept, in collections this one no longer reads: a document per cube cell
     * ({@code activity_totals}), indicator totals without the count of places that gave each
     * indicator ({@code monthly_*}), network counters without their members' région ({@code activity_cube}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"activity_totals", "monthly_indicators", "monthly_totals", "activity_cube"})
    void projectionsInAnEarlierLayoutAreRebuiltOnceTheServiceIsUp(String earlierCollection) {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        String suffix = generation == 0 ? "" : "_rebuild_" + generation;
        database.getCollection(earlierCollection + suffix).insertOne(new org.bson.Document("_id", "2043-01|75")
                .append("reports", 1L).append("participants", 10L));

        rebuild.rebuildEarlierLayout();

        JsonNode done = awaitJson("/api/v1/admin/rebuild", NATIONAL_KEY, node -> !node.path("state").asString().equals("RUNNING"));
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        assertThat(done.path("liveGeneration").asInt()).isGreaterThan(generation);
        assertThat(database.listCollectionNames().into(new ArrayList<>()))
                .noneMatch(name -> name.startsWith(earlierCollection));
        rebuild.rebuildEarlierLayout();
        assertThat(getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt())
                .as("a store in the current layout is not rebuilt").isEqualTo(done.path("liveGeneration").asInt());
    }

    @Test
    void whenTheOldGenerationCannotBeDroppedTheRebuiltOneIsLiveAndFedAllTheSame() {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        faults.fail("third_places", "drop", 1);

        JsonNode done = rebuildToTheEnd();

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation + 1);
        assertThat(faults.allHappened()).as("the old generation's drop failed").isTrue();
        aNewPlaceIsCounted();
        // as the next start would: the other tests expect a single generation in the store
        liveConsumers.discard(generation);
    }

    @Test
    void whenTheRebuiltGenerationCannotBeMadeLiveTheOldOneKeepsServingAndIsFed() {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        faults.fail("reporting_generation", "replaceOne", 1);

        JsonNode done = rebuildToTheEnd();

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("FAILED");
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation);
        aNewPlaceIsCounted();
        liveConsumers.settleWhenTheStoreAnswers(); // as the minute's tick does: the store still names the old one
        assertThat(database.listCollectionNames().into(new ArrayList<>()))
                .noneMatch(name -> name.endsWith("_rebuild_" + (generation + 1)));
    }

    @Test
    void aPointerWriteWhoseAnswerIsLostLeavesRebuildUsable() {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        faults.loseAnswer("reporting_generation", "replaceOne", 1);

        JsonNode done = rebuildToTheEnd();

        assertThat(faults.allHappened()).as("the pointer write lost its answer").isTrue();
        assertThat(done.path("state").asString()).as("the store has the new pointer: " + done).isEqualTo("SWAPPED");
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation + 1).isEqualTo(generations.live());
        assertThat(database.listCollectionNames().into(new ArrayList<>()))
                .as("the replaced generation is discarded").noneMatch(name -> name.startsWith("third_places")
                        && !name.equals("third_places_rebuild_" + (generation + 1)));
        aNewPlaceIsCounted();

        JsonNode next = rebuildToTheEnd();

        assertThat(next.path("state").asString()).as(next.toString()).isEqualTo("SWAPPED");
        assertThat(next.path("liveGeneration").asInt()).isEqualTo(generation + 2).isEqualTo(generations.live());
    }

    @Test
    void whenThePointerCannotBeReadAfterALostWriteTheNextRebuildAnswers503AndALaterOneSettlesIt() {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        ProjectionSet next = ProjectionSet.open(database, generation + 1);
        faults.loseAnswer("reporting_generation", "replaceOne", 1);
        faults.fail("reporting_generation", "find", 1_000);

        // what the rebuild's watch does once caught up: the pointer moves, but neither its answer nor a re-read comes back
        assertThatThrownBy(() -> liveConsumers.swap(next, List.of())).isInstanceOf(IllegalStateException.class);
        assertThat(getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt())
                .as("the old generation keeps serving meanwhile").isEqualTo(generation);
        aNewPlaceIsCounted();

        faults.clear();
        faults.fail("reporting_generation", "find", 1);
        Http.Answer refused = http.post("/api/v1/admin/rebuild", NATIONAL_KEY, "");
        assertProblem(refused, 503);
        assertThat(getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt())
                .as("nothing changed while the store could not say").isEqualTo(generation);

        JsonNode done = rebuildToTheEnd(); // the store is back: the pointer it kept is followed, then rebuilt

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        assertThat(done.path("generation").asInt()).isEqualTo(generation + 2);
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation + 2).isEqualTo(generations.live());
        assertThat(database.listCollectionNames().into(new ArrayList<>()))
                .noneMatch(name -> name.startsWith("third_places") && !name.endsWith("_rebuild_" + (generation + 2)));
        aNewPlaceIsCounted();
    }

    @Test
    void whenThePointerCannotBeReadAfterAFailedWriteALaterRebuildKeepsTheOldGenerationAndReplacesIt() {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        faults.fail("reporting_generation", "replaceOne", 1);
        faults.fail("reporting_generation", "find", 1_000);

        assertThatThrownBy(() -> liveConsumers.swap(ProjectionSet.open(database, generation + 1), List.of()))
                .isInstanceOf(IllegalStateException.class);
        faults.clear();

        JsonNode done = rebuildToTheEnd(); // the store still names the old generation: the kept one is dropped first

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        assertThat(done.path("generation").asInt()).isEqualTo(generation + 1);
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation + 1).isEqualTo(generations.live());
        aNewPlaceIsCounted();
    }

    @Test
    void aPointerWriteThatLandsAfterItWasReadBackIsFollowedNotAnswered500() {
        int generation = getJson("/api/v1/admin/rebuild", NATIONAL_KEY).path("liveGeneration").asInt();
        faults.fail("reporting_generation", "replaceOne", 1);
        ProjectionSet next = ProjectionSet.open(database, generation + 1);

        assertThatThrownBy(() -> liveConsumers.swap(next, List.of())).isInstanceOf(RuntimeException.class);
        assertThat(generations.live()).as("the store was read back before the write landed").isEqualTo(generation);
        generations.makeLive(generation + 1); // the write lands late

        Http.Answer started = http.post("/api/v1/admin/rebuild", NATIONAL_KEY, "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("liveGeneration").asInt()).as("the generation the store names is followed")
                .isEqualTo(generation + 1);
        JsonNode done = awaitJson("/api/v1/admin/rebuild", NATIONAL_KEY,
                node -> !node.path("state").asString().equals("RUNNING"));
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        assertThat(done.path("liveGeneration").asInt()).isEqualTo(generation + 2).isEqualTo(generations.live());
        aNewPlaceIsCounted();
    }

    @Test
    void aMomentWithoutTheStoreWhileARebuildRunsDoesNotEndIt() {
        faults.fail("consumer_checkpoints", "find", 3);

        JsonNode done = rebuildToTheEnd();

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("SWAPPED");
        aNewPlaceIsCounted();
    }

    private JsonNode rebuildToTheEnd() {
        Http.Answer started = http.post("/api/v1/admin/rebuild", NATIONAL_KEY, "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return awaitJson("/api/v1/admin/rebuild", NATIONAL_KEY, node -> !node.path("state").asString().equals("RUNNING"));
    }

    private void aNewPlaceIsCounted() {
        long before = getJson("/api/v1/overview?region=75", null).path("total").asLong();
        place(unique("after-a-fault"), "75").send();
        awaitJson("/api/v1/overview?region=75", null, node -> node.path("total").asLong() == before + 1);
    }

    private Map<String, String> views() {
        Map<String, String> views = new LinkedHashMap<>();
        for (String view : VIEWS) {
            views.put(view, getJson(view, null).toString());
        }
        views.put("networks", getJson("/api/v1/activity/networks", NATIONAL_KEY).toString());
        views.put("csv", http.get("/api/v1/exports/third-places.csv", null).body());
        return views;
    }

    private static long participants(List<ActivityReportPublished> reports) {
        Map<String, ActivityReportPublished> latest = new LinkedHashMap<>();
        reports.forEach(report -> latest.merge(report.reportId(), report, (a, b) -> a.revision() >= b.revision() ? a : b));
        return latest.values().stream().mapToLong(ActivityReportPublished::participants).sum();
    }
}
