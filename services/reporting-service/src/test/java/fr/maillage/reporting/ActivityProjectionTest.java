package fr.maillage.reporting;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Activity fed through Kafka from a seeded generator: revisions (some out of order, some moving the
 * report to a tiers-lieu of another région and partition), records redelivered at once and whole
 * events republished later with the same id. The expected totals are summed here from what was sent.
 */
class ActivityProjectionTest extends ReportingIntegrationTest {

    private static final List<String> CATEGORIES = List.of("TRAINING", "WORKSHOP", "EVENT", "DIGITAL_MEDIATION",
            "PUBLIC_AGENT_TRAINING");
    private static final String YEAR = "2041";
    private static final String RANGE = "from=2041-01&to=2041-12";

    record Place(String id, String region, String network) {
    }

    private final Random random = new Random(20261129);
    private final List<Place> places = new ArrayList<>();
    private String fabriqueA;
    private String fabriqueB;

    @BeforeEach
    void registerPlaces() {
        fabriqueA = unique("fab-a");
        fabriqueB = unique("fab-b");
        places.add(new Place(fabriqueA, "52", fabriqueA));
        places.add(new Place(fabriqueB, "53", fabriqueB));
        places.add(new Place(unique("member"), "52", fabriqueA));
        places.add(new Place(unique("member"), "52", fabriqueA));
        places.add(new Place(unique("member"), "53", fabriqueB));
        places.add(new Place(unique("alone"), "11", null));
        for (Place place : places) {
            PlaceBuilder builder = place(place.id(), place.region()).name("Lieu " + place.id());
            if (place.id().equals(fabriqueA)) {
                builder.label("RURAL", 1);
            } else if (place.id().equals(fabriqueB)) {
                builder.label("QPV", 2);
            } else if (place.network() != null) {
                builder.network(place.network());
            }
            builder.send();
        }
        org.awaitility.Awaitility.await("the places reach the registry projection").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> places.stream().allMatch(place ->
                        http.get("/api/v1/activity/places/" + place.id(), ANALYST_KEY).status() == 200));
    }

    @Test
    void totalsEqualTheLatestRevisionOfEveryReportWhateverTheDuplicates() throws Exception {
        Map<String, ActivityReportPublished> latest = new HashMap<>();
        List<CloudEvent> phaseOne = new ArrayList<>();
        List<CloudEvent> republishLater = new ArrayList<>();
        List<ActivityReportPublished> generated = generate(120, latest);
        produce(generated, phaseOne, republishLater);
        send(phaseOne);
        send(republishLater);

        assertActivity(latest);

        // phase two: newer revisions of a third of the reports, then every earlier event once more
        List<ActivityReportPublished> revisions = new ArrayList<>();
        for (ActivityReportPublished report : List.copyOf(latest.values())) {
            if (random.nextInt(3) == 0) {
                ActivityReportPublished next = revise(report, report.revision() + 1 + random.nextInt(2));
                latest.put(key(next), next);
                revisions.add(next);
            }
        }
        List<CloudEvent> phaseTwo = new ArrayList<>();
        produce(revisions, phaseTwo, new ArrayList<>());
        send(phaseTwo);
        send(phaseOne);

        assertActivity(latest);
    }

    @Test
    void monthlyIndicatorsKeepTheLatestRevisionPerPlaceAndMonth() throws Exception {
        Map<String, MonthlyIndicatorsPublished> latest = new TreeMap<>();
        List<CloudEvent> events = new ArrayList<>();
        String[] months = {"2042-01", "2042-02", "2042-03"};
        for (Place place : places) {
            for (String month : months) {
                int revisions = 1 + random.nextInt(3);
                for (int revision = 0; revision < revisions; revision++) {
                    MonthlyIndicatorsPublished indicators = new MonthlyIndicatorsPublished("pub-" + place.id(),
                            "mi-" + place.id() + "-" + month, revision, place.id(), month, 5 + random.nextInt(50),
                            random.nextInt(200), random.nextInt(40) / 4.0, random.nextInt(10),
                            random.nextBoolean() ? random.nextInt(101) / 100.0 : null, place.region(), Instant.now());
                    CloudEvent event = cloudEvent(ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, place.id(), indicators);
                    events.add(event);
                    if (random.nextInt(4) == 0) {
                        events.add(event);
                    }
                    latest.put(place.id() + "|" + month, indicators);
                }
            }
        }
        send(events);
        send(events.subList(0, events.size() / 2));

        Map<String, long[]> expected = new TreeMap<>();
        latest.values().forEach(indicators -> {
            long[] sums = expected.computeIfAbsent(indicators.month(), month -> new long[7]);
            sums[0]++;
            sums[1] += indicators.members();
            sums[2] += indicators.deskDays();
            sums[3] += Math.round(indicators.staffFte() * 100);
            sums[4] += indicators.volunteers();
            if (indicators.ownRevenueShare() != null) {
                sums[5] += Math.round(indicators.ownRevenueShare() * 10_000);
                sums[6]++;
            }
        });
        awaitCaughtUp();
        // read as those who see every figure (the public sees none: 53 and 11 hold fewer than three places each)
        JsonNode answer = getJson("/api/v1/monthly-indicators?from=2042-01&to=2042-12", ANALYST_KEY);
        Map<String, List<Long>> actual = new TreeMap<>();
        answer.path("byMonth").propertyNames().forEach(month -> {
            JsonNode figures = answer.path("byMonth").path(month);
            actual.put(month, List.of(figures.path("places").asLong(), figures.path("members").asLong(),
                    figures.path("deskDays").asLong(), Math.round(figures.path("staffFte").asDouble() * 100),
                    figures.path("volunteers").asLong()));
        });
        Map<String, List<Long>> wanted = new TreeMap<>();
        expected.forEach((month, sums) -> wanted.put(month, List.of(sums[0], sums[1], sums[2], sums[3], sums[4])));
        assertThat(actual).isEqualTo(wanted);
        // not every place gives its share of own revenue
        JsonNode january = getJson("/api/v1/monthly-indicators?from=2042-01&to=2042-01", ANALYST_KEY).path("byMonth")
                .path("2042-01");
        long[] sums = expected.get("2042-01");
        if (sums[6] > 0) {
            assertThat(january.path("ownRevenueShareAverage").asDouble())
                    .isEqualTo(Math.round((double) sums[5] / sums[6]) / 10_000.0);
        } else {
            assertThat(january.path("ownRevenueShareAverage").isNull()).as(january.toString()).isTrue();
        }
    }

    @Test
    void aMonthThatFewerThanThreePlacesGaveShowsTheirFiguresOnlyToThoseWhoReadTheirDetail() throws Exception {
        // the régions have 3 (52), 2 (53) and 1 (11) of this test's places
        String month = "2039-06";
        List<CloudEvent> events = new ArrayList<>();
        for (Place place : places) {
            events.add(cloudEvent(ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, place.id(), new MonthlyIndicatorsPublished(
                    "pub-" + place.id(), "mi-" + place.id() + "-" + month, 0, place.id(), month, 20, 100, 2.5, 4, 0.4,
                    place.region(), Instant.now())));
        }
        send(events);
        awaitCaughtUp();
        String query = "/api/v1/monthly-indicators?from=" + month + "&to=" + month + "&region=";

        JsonNode two = getJson(query + "53", null).path("byMonth").path(month);
        assertThat(two.path("places").asLong()).isEqualTo(2);
        assertThat(two.path("confidential").asBoolean()).isTrue();
        assertThat(two.path("members").isNull()).as(two.toString()).isTrue();
        assertThat(two.path("ownRevenueShareAverage").isNull()).isTrue();
        assertThat(getJson(query + "11", null).path("byMonth").path(month).path("confidential").asBoolean()).isTrue();
        JsonNode three = getJson(query + "52", null).path("byMonth").path(month);
        assertThat(three.path("confidential").asBoolean()).isFalse();
        assertThat(three.path("members").asLong()).isEqualTo(60);

        JsonNode analyst = getJson(query + "53", BRETAGNE_ANALYST_KEY).path("byMonth").path(month);
        assertThat(analyst.path("confidential").asBoolean()).isFalse();
        assertThat(analyst.path("members").asLong()).isEqualTo(40);
        assertThat(getJson(query + "11", BRETAGNE_ANALYST_KEY).path("byMonth").path(month).path("confidential").asBoolean())
                .as("another région's detail").isTrue();
        assertThat(getJson(query + "11", ANALYST_KEY).path("byMonth").path(month).path("members").asLong()).isEqualTo(20);

        // the whole country less the régions shown must not give a hidden place away, not even to one who
        // also reads a hidden région: public 120 less public 52's 60 less Bretagne's analyst's 40 is 11's one place
        String national = "/api/v1/monthly-indicators?from=" + month + "&to=" + month;
        JsonNode publicly = getJson(national, null).path("byMonth").path(month);
        assertThat(publicly.path("members").isNull()).as("hidden from the public: 53 (2) and 11 (1): " + publicly)
                .isTrue();
        assertThat(publicly.path("withheld").toString()).contains("members");
        assertThat(getJson(national, BRETAGNE_ANALYST_KEY).path("byMonth").path(month).path("confidential").asBoolean())
                .as("Bretagne's analyst reads 53: less 52's 60 and 53's 40, it would give 11's one place").isTrue();
        assertThat(getJson(national, ANALYST_KEY).path("byMonth").path(month).path("members").asLong()).isEqualTo(120);
        String july = "2039-07";
        List<CloudEvent> onlyTwoRegions = new ArrayList<>();
        for (Place place : places) {
            if (!place.region().equals("53")) {
                onlyTwoRegions.add(cloudEvent(ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, place.id(),
                        new MonthlyIndicatorsPublished("pub-" + place.id(), "mi-" + place.id() + "-" + july, 0, place.id(),
                                july, 20, 100, 2.5, 4, 0.4, place.region(), Instant.now())));
            }
        }
        send(onlyTwoRegions);
        awaitCaughtUp();
        JsonNode four = getJson("/api/v1/monthly-indicators?from=" + july + "&to=" + july, null).path("byMonth").path(july);
        assertThat(four.path("places").asLong()).isEqualTo(4);
        assertThat(four.path("confidential").asBoolean()).as("four places, but less 52's three it is 11's one").isTrue();
    }

    @Test
    void eachIndicatorIsShownOnlyWhenThreePlacesGaveIt() throws Exception {
        // région 52's three places report, but only the first gives its members and its share of own revenue
        String month = "2039-08";
        List<Place> inPaysDeLaLoire = places.stream().filter(place -> place.region().equals("52")).toList();
        assertThat(inPaysDeLaLoire).hasSize(3);
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < inPaysDeLaLoire.size(); i++) {
            Place place = inPaysDeLaLoire.get(i);
            boolean first = i == 0;
            events.add(cloudEvent(ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, place.id(), new MonthlyIndicatorsPublished(
                    "pub-" + place.id(), "mi-" + place.id() + "-" + month, 0, place.id(), month, first ? 12 : null,
                    10 * (i + 1), null, null, first ? 0.37 : null, place.region(), Instant.now())));
        }
        send(events);
        awaitCaughtUp();

        for (String query : List.of("/api/v1/monthly-indicators?from=" + month + "&to=" + month + "&region=52",
                "/api/v1/monthly-indicators?from=" + month + "&to=" + month)) {
            JsonNode figures = getJson(query, null).path("byMonth").path(month);
            assertThat(figures.path("places").asLong()).as(query).isEqualTo(3);
            assertThat(figures.path("deskDays").asLong()).as("three places gave it: " + query).isEqualTo(60);
            assertThat(figures.path("members").isNull()).as("one place's own members: " + figures).isTrue();
            assertThat(figures.path("ownRevenueShareAverage").isNull()).as("one place's own accounts: " + figures).isTrue();
            assertThat(figures.path("confidential").asBoolean()).isTrue();
            assertThat(figures.path("withheld")).extracting(JsonNode::asString)
                    .containsExactly("members", "ownRevenueShareAverage");
            assertThat(figures.path("staffFte").isNull()).as("nobody gave it: not a zero").isTrue();
            assertThat(figures.path("volunteers").isNull()).isTrue();
        }
        JsonNode analyst = getJson("/api/v1/monthly-indicators?from=" + month + "&to=" + month + "&region=52", ANALYST_KEY)
                .path("byMonth").path(month);
        assertThat(analyst.path("members").asLong()).isEqualTo(12);
        assertThat(analyst.path("ownRevenueShareAverage").asDouble()).isEqualTo(0.37);
        assertThat(analyst.path("confidential").asBoolean()).isFalse();
        assertThat(analyst.path("staffFte").isNull()).isTrue();
    }

    @Test
    void detailNeedsAnAnalystKeyAndARegionalAnalystSeesOnlyItsRegion() throws Exception {
        String inPaysDeLaLoire = places.get(2).id();
        String inBretagne = places.get(4).id();
        // activity in both networks: fabriqueA's in Pays de la Loire (52), fabriqueB's in Bretagne (53)
        List<CloudEvent> inEachNetwork = new ArrayList<>();
        for (Place place : places.subList(0, 2)) { // in 2038: the other tests' totals are of other years
            inEachNetwork.add(cloudEvent(ActivityEvents.REPORT_PUBLISHED, place.id(), new ActivityReportPublished(
                    "publisher-networks", unique("report"), 0, place.id(), LocalDate.of(2038, 5, 4), "WORKSHOP", 12, 2.5,
                    List.of(), place.region(), place.region(), place.network(), Instant.now())));
        }
        send(inEachNetwork);
        awaitCaughtUp();

        assertProblem(http.get("/api/v1/activity/networks", null), 401);
        assertProblem(http.get("/api/v1/activity/places/" + inBretagne, null), 401);
        assertProblem(http.get("/api/v1/activity/networks", FABRIQUE_KEY), 403);
        assertProblem(http.get("/api/v1/activity/places/" + inBretagne, FABRIQUE_KEY), 403);

        assertProblem(http.get("/api/v1/activity/networks", BRETAGNE_ANALYST_KEY), 403);
        assertProblem(http.get("/api/v1/activity/networks?region=52", BRETAGNE_ANALYST_KEY), 403);
        assertProblem(http.get("/api/v1/activity/places/" + inPaysDeLaLoire, BRETAGNE_ANALYST_KEY), 403);
        assertThat(http.get("/api/v1/activity/places/" + inBretagne, BRETAGNE_ANALYST_KEY).status()).isEqualTo(200);
        JsonNode bretagne = getJson("/api/v1/activity/networks?region=53", BRETAGNE_ANALYST_KEY);
        List<String> networks = new ArrayList<>();
        bretagne.path("networks").forEach(network -> {
            assertThat(network.path("region").asString()).isEqualTo("53");
            networks.add(network.path("fabriqueId").asString());
        });
        assertThat(networks).contains(fabriqueB).doesNotContain(fabriqueA);
        List<String> national = new ArrayList<>();
        getJson("/api/v1/activity/networks", NATIONAL_KEY).path("networks")
                .forEach(network -> national.add(network.path("fabriqueId").asString()));
        assertThat(national).contains(fabriqueA, fabriqueB);

        assertThat(http.get("/api/v1/activity/places/" + inPaysDeLaLoire, ANALYST_KEY).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/activity/places/" + inPaysDeLaLoire, NATIONAL_KEY).status()).isEqualTo(200);
        assertProblem(http.get("/api/v1/activity/places/" + unique("nowhere"), ANALYST_KEY), 404);
        assertThat(http.get("/api/v1/activity", null).status()).as("public aggregates need no key").isEqualTo(200);
    }

    @Test
    void aPlaceThatMovedRegionShowsEachAnalystOnlyTheMonthsCountedInItsRegion() throws Exception {
        // one place leaves Pays de la Loire (52) for Bretagne (53), another the other way; each has a month in each
        String toBretagne = unique("to-53");
        String toPaysDeLaLoire = unique("to-52");
        place(toBretagne, "52").send();
        place(toPaysDeLaLoire, "53").send();
        awaitCaughtUp();
        send(List.of(monthOf(toBretagne, "52", 1), monthOf(toPaysDeLaLoire, "53", 1)));
        awaitCaughtUp();
        place(toBretagne, "53").version(2).send();
        place(toPaysDeLaLoire, "52").version(2).send();
        awaitCaughtUp();
        send(List.of(monthOf(toBretagne, "53", 2), monthOf(toPaysDeLaLoire, "52", 2)));
        awaitCaughtUp();

        JsonNode arrived = getJson("/api/v1/activity/places/" + toBretagne, BRETAGNE_ANALYST_KEY);
        assertThat(arrived.path("byMonth").propertyNames()).as("its month in Bretagne only").containsExactly("2037-02");
        JsonNode left = getJson("/api/v1/activity/places/" + toPaysDeLaLoire, BRETAGNE_ANALYST_KEY);
        assertThat(left.path("byMonth").propertyNames()).as("its month while in Bretagne").containsExactly("2037-01");
        assertThat(left.path("reports").asLong()).isEqualTo(1);
        for (String place : List.of(toBretagne, toPaysDeLaLoire)) {
            assertThat(getJson("/api/v1/activity/places/" + place, NATIONAL_KEY).path("byMonth").propertyNames())
                    .containsExactly("2037-01", "2037-02");
        }
    }

    private static CloudEvent monthOf(String placeId, String region, int month) {
        return cloudEvent(ActivityEvents.REPORT_PUBLISHED, placeId, new ActivityReportPublished("publisher-moving",
                unique("report"), 0, placeId, LocalDate.of(2037, month, 4), "WORKSHOP", 7, 1.5, List.of(), region,
                null, null, Instant.now()));
    }

    @Test
    void aRegionsAnalystReadsANetworkOnlyThroughItsMembersInThatRegion() throws Exception {
        // a network may cross régions: this member is in Pays de la Loire (52), its Fabrique in Bretagne (53)
        Place elsewhere = new Place(unique("member-elsewhere"), "52", fabriqueB);
        place(elsewhere.id(), elsewhere.region()).name("Lieu " + elsewhere.id()).network(fabriqueB).send();
        org.awaitility.Awaitility.await("the place reaches the registry projection").atMost(java.time.Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/activity/places/" + elsewhere.id(), ANALYST_KEY).status() == 200);
        Place inBretagne = places.get(4);
        List<CloudEvent> reports = new ArrayList<>();
        for (Place place : List.of(elsewhere, inBretagne)) { // in 2039: the other tests' totals are of other years
            int participants = place == elsewhere ? 12 : 7;
            reports.add(cloudEvent(ActivityEvents.REPORT_PUBLISHED, place.id(), new ActivityReportPublished(
                    "publisher-crossing", unique("report"), 0, place.id(), LocalDate.of(2039, 3, 4), "WORKSHOP",
                    participants, 2.5, List.of(), place.region(), place.region(), place.network(), Instant.now())));
        }
        send(reports);
        awaitCaughtUp();
        String march = "from=2039-03&to=2039-03";

        assertProblem(http.get("/api/v1/activity/places/" + elsewhere.id(), BRETAGNE_ANALYST_KEY), 403);
        assertThat(network(getJson("/api/v1/activity/networks?region=53&" + march, BRETAGNE_ANALYST_KEY), fabriqueB))
                .as("what the Bretagne analyst may not read of the member in Pays de la Loire stays out")
                .isEqualTo(List.of(1L, 7L, 2.5));
        assertThat(network(getJson("/api/v1/activity/networks?region=53&" + march, NATIONAL_KEY), fabriqueB))
                .as("a région's figures are the same for every reader").isEqualTo(List.of(1L, 7L, 2.5));
        assertThat(network(getJson("/api/v1/activity/networks?" + march, NATIONAL_KEY), fabriqueB))
                .as("the whole network").isEqualTo(List.of(2L, 19L, 5.0));
    }

    /** A network's reports, participants and hours in an answer of /activity/networks. */
    private static List<Object> network(JsonNode answer, String fabriqueId) {
        for (JsonNode network : answer.path("networks")) {
            if (network.path("fabriqueId").asString().equals(fabriqueId)) {
                return List.of(network.path("reports").asLong(), network.path("participants").asLong(),
                        network.path("hours").asDouble());
            }
        }
        throw new AssertionError("no network " + fabriqueId + " in " + answer);
    }

    // ------------------------------------------------------------------------------------------

    private List<ActivityReportPublished> generate(int count, Map<String, ActivityReportPublished> latest) {
        List<ActivityReportPublished> reports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String publisher = "publisher-" + random.nextInt(3);
            Place place = places.get(random.nextInt(places.size()));
            ActivityReportPublished report = report(publisher, unique("report"), random.nextInt(2), place);
            List<ActivityReportPublished> revisions = new ArrayList<>(List.of(report));
            int more = random.nextInt(3);
            for (int r = 0; r < more; r++) {
                revisions.add(revise(revisions.get(revisions.size() - 1),
                        revisions.get(revisions.size() - 1).revision() + 1 + random.nextInt(2)));
            }
            if (revisions.size() > 1 && random.nextInt(5) == 0) {
                java.util.Collections.reverse(revisions); // a later revision arrives first
            }
            reports.addAll(revisions);
            revisions.forEach(revision -> latest.merge(key(revision), revision,
                    (a, b) -> a.revision() >= b.revision() ? a : b));
        }
        return reports;
    }

    private ActivityReportPublished report(String publisher, String reportId, int revision, Place place) {
        LocalDate date = LocalDate.of(2041, 1 + random.nextInt(6), 1 + random.nextInt(28));
        return new ActivityReportPublished(publisher, reportId, revision, place.id(), date,
                CATEGORIES.get(random.nextInt(CATEGORIES.size())), random.nextInt(40), (1 + random.nextInt(16)) * 0.25,
                List.of("YOUNG_PEOPLE"), place.region(), place.region(), place.network(), Instant.now());
    }

    /** A new revision: other figures, sometimes another month or category, sometimes another tiers-lieu. */
    private ActivityReportPublished revise(ActivityReportPublished report, int revision) {
        Place place = random.nextInt(5) == 0 ? places.get(random.nextInt(places.size()))
                : places.stream().filter(p -> p.id().equals(report.thirdPlaceId())).findFirst().orElseThrow();
        LocalDate date = random.nextBoolean() ? report.date() : LocalDate.of(2041, 1 + random.nextInt(6), 15);
        String category = random.nextInt(3) == 0 ? CATEGORIES.get(random.nextInt(CATEGORIES.size())) : report.category();
        return new ActivityReportPublished(report.publisherId(), report.reportId(), revision, place.id(), date, category,
                random.nextInt(40), (1 + random.nextInt(16)) * 0.25, report.audiences(), place.region(), place.region(),
                place.network(), Instant.now());
    }

    private void produce(List<ActivityReportPublished> reports, List<CloudEvent> now, List<CloudEvent> later) {
        for (ActivityReportPublished report : reports) {
            CloudEvent event = cloudEvent(ActivityEvents.REPORT_PUBLISHED, report.thirdPlaceId(), report);
            now.add(event);
            if (random.nextInt(6) == 0) {
                now.add(event); // redelivered: the same record twice
            }
            if (random.nextInt(6) == 0) {
                later.add(event); // republished later with the same id and payload
            }
        }
    }

    private static void send(List<CloudEvent> events) {
        sendAll(ActivityTopics.EVENTS, events.stream().map(event -> Map.entry(event.subject(), event)).toList());
    }

    private static String key(ActivityReportPublished report) {
        return report.publisherId() + "|" + report.reportId();
    }

    private void assertActivity(Map<String, ActivityReportPublished> latest) throws Exception {
        Map<String, long[]> byMonth = new TreeMap<>();
        Map<String, long[]> byCategory = new TreeMap<>();
        Map<String, long[]> byRegion = new TreeMap<>();
        Map<String, long[]> byNetwork = new TreeMap<>();
        Map<String, Map<String, long[]>> byPlace = new HashMap<>();
        long[] total = new long[3];
        long[] workshopsInPaysDeLaLoire = new long[3];
        for (ActivityReportPublished report : latest.values()) {
            long[] figures = {1, report.participants(), Math.round(report.hours() * 100)};
            String month = report.date().toString().substring(0, 7);
            add(total, figures);
            add(byMonth.computeIfAbsent(month, k -> new long[3]), figures);
            add(byCategory.computeIfAbsent(report.category(), k -> new long[3]), figures);
            add(byRegion.computeIfAbsent(report.region(), k -> new long[3]), figures);
            if (report.networkFabriqueId() != null) {
                add(byNetwork.computeIfAbsent(report.networkFabriqueId(), k -> new long[3]), figures);
            }
            add(byPlace.computeIfAbsent(report.thirdPlaceId(), k -> new TreeMap<>()).computeIfAbsent(month, k -> new long[3]),
                    figures);
            if (report.region().equals("52") && report.category().equals("WORKSHOP")) {
                add(workshopsInPaysDeLaLoire, figures);
            }
        }

        awaitCaughtUp();
        JsonNode activity = getJson("/api/v1/activity?" + RANGE, null);
        assertThat(figures(activity)).isEqualTo(List.of(total[0], total[1], total[2]));
        assertThat(breakdown(activity.path("byMonth"))).isEqualTo(lists(byMonth));
        assertThat(breakdown(activity.path("byCategory"))).isEqualTo(lists(byCategory));
        assertThat(breakdown(activity.path("byRegion"))).isEqualTo(lists(byRegion));
        assertThat(activity.path("byMonth").propertyNames()).allMatch(month -> month.startsWith(YEAR));

        JsonNode byDates = getJson("/api/v1/activity?from=2041-01-01&to=2041-12-31", null);
        assertThat(matches(byDates, total)).as("dates select their months: %s", byDates).isTrue();

        JsonNode filtered = getJson("/api/v1/activity?" + RANGE + "&region=52&category=WORKSHOP", null);
        assertThat(matches(filtered, workshopsInPaysDeLaLoire)).as("filtered %s", filtered).isTrue();

        JsonNode networks = getJson("/api/v1/activity/networks?" + RANGE, NATIONAL_KEY);
        Map<String, JsonNode> networkNodes = new LinkedHashMap<>();
        networks.path("networks").forEach(network -> networkNodes.put(network.path("fabriqueId").asString(), network));
        for (Map.Entry<String, long[]> network : byNetwork.entrySet()) {
            assertThat(matches(networkNodes.get(network.getKey()), network.getValue()))
                    .as("network %s in %s", network.getKey(), networks).isTrue();
        }
        assertThat(networkNodes.get(fabriqueA).path("name").asString()).isEqualTo("Lieu " + fabriqueA);
        assertThat(networkNodes.get(fabriqueA).path("region").asString()).isEqualTo("52");

        for (Place place : places) {
            JsonNode detail = getJson("/api/v1/activity/places/" + place.id() + "?" + RANGE, ANALYST_KEY);
            Map<String, long[]> months = byPlace.getOrDefault(place.id(), Map.of());
            assertThat(matchesAll(detail.path("byMonth"), months)).as("place %s: %s", place.id(), detail).isTrue();
            assertThat(detail.path("byMonth").size()).isEqualTo(months.size());
        }
    }

    private static List<Long> figures(JsonNode node) {
        return List.of(node.path("reports").asLong(), node.path("participants").asLong(),
                Math.round(node.path("hours").asDouble() * 100));
    }

    private static Map<String, List<Long>> breakdown(JsonNode node) {
        Map<String, List<Long>> result = new TreeMap<>();
        node.propertyNames().forEach(key -> result.put(key, figures(node.path(key))));
        return result;
    }

    private static Map<String, List<Long>> lists(Map<String, long[]> sums) {
        Map<String, List<Long>> result = new TreeMap<>();
        sums.forEach((key, sum) -> result.put(key, List.of(sum[0], sum[1], sum[2])));
        return result;
    }

    private static void add(long[] sum, long[] figures) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += figures[i];
        }
    }

    private static boolean matchesAll(JsonNode node, Map<String, long[]> expected) {
        return expected.entrySet().stream().allMatch(entry -> matches(node.path(entry.getKey()), entry.getValue()));
    }

    private static boolean matches(JsonNode node, long[] expected) {
        return node != null && node.path("reports").asLong(-1) == expected[0]
                && node.path("participants").asLong(-1) == expected[1]
                && node.path("hours").asDouble(-1) == expected[2] / 100.0;
    }
}
