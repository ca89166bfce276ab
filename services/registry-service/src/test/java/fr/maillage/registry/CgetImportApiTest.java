package fr.maillage.registry;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.registry.domain.Cget2019;
import fr.maillage.registry.domain.Csv;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CgetImportApiTest extends RegistryIntegrationTest {

    /** The real base, where data/README.md says it is (relative to this module); CI has it. */
    static final Path REAL_FILE = Path.of("../../../shared/data/cget-tiers-lieux-2019.csv");

    @Test
    void aFileIsImportedOnceAndImportingItAgainChangesNothing() {
        String a = tag();
        String b = tag();
        String c = tag();
        String csv = CgetRows.csv(
                CgetRows.row(Map.of("ID", a, "NOM_TL", "La Cantine", "CONTACT", "Jeanne Exemple",
                        "MAIL", "jeanne." + a + "@example.org")),
                CgetRows.row(Map.of("ID", b, "NOM_TL", "Atelier du 10e", "INSEECOM", "75110", "CP", "75010",
                        "TYPO", "Tiers lieux à dominante fablab")),
                CgetRows.row(Map.of("ID", c, "INSEECOM", "0", "CP", "0", "NOMCOM", "Moulins")));

        JsonNode first = importCsv(csv);
        assertThat(first.get("imported").asInt()).isEqualTo(2);
        assertThat(first.get("rejected").size()).isEqualTo(1);
        assertThat(first.at("/rejected/0/line").asInt()).isEqualTo(4);
        assertThat(first.at("/rejected/0/id").asString()).isEqualTo(c);
        assertThat(first.at("/rejected/0/reason").asString()).isEqualTo("no commune given");
        assertThat(first.at("/rejectedByReason/no commune given").asInt()).isEqualTo(1);

        Http.Answer paris = http.get("/api/v1/third-places/cget-2019-" + b, nationalKey);
        assertThat(paris.json().at("/commune/code").asString()).isEqualTo("75056");
        assertThat(paris.json().get("typologies").toString()).contains("FABLAB");
        assertThat(http.get("/api/v1/third-places/cget-2019-" + a, nationalKey).body())
                .doesNotContain("Jeanne").doesNotContain("example.org");
        assertProblem(http.get("/api/v1/third-places/cget-2019-" + c, nationalKey), 404);

        JsonNode second = importCsv(csv);
        assertThat(second.get("imported").asInt()).isZero();
        assertThat(second.get("updated").asInt()).isZero();
        assertThat(second.get("unchanged").asInt()).isEqualTo(2);
        assertThat(second.get("rejected").size()).isEqualTo(1);
        assertThat(http.get("/api/v1/third-places/cget-2019-" + a, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aChangedRowUpdatesItsPlaceAndKeepsWhatTheRegistryLearntSince() {
        String a = tag();
        importCsv(CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "Avant"))));
        http.post("/api/v1/third-places/cget-2019-" + a + "/closure", nationalKey, "");

        JsonNode again = importCsv(CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "Avant"))));
        assertThat(again.get("unchanged").asInt()).as("the status is not the file's").isEqualTo(1);
        JsonNode changed = importCsv(CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "Après"))));
        assertThat(changed.get("updated").asInt()).isEqualTo(1);

        Http.Answer place = http.get("/api/v1/third-places/cget-2019-" + a, nationalKey);
        assertThat(place.json().get("name").asString()).isEqualTo("Après");
        assertThat(place.json().get("status").asString()).isEqualTo("CLOSED");
        var events = readUntil(RegistryTopics.EVENTS, "cget-2019-" + a, records -> records.size() >= 3);
        assertThat(events).extracting(RegistryIntegrationTest::type).containsExactly(
                "fr.maillage.registry.third-place.registered.v1", "fr.maillage.registry.third-place.closed.v1",
                "fr.maillage.registry.third-place.updated.v1");
    }

    @Test
    void importingAgainNeverUndoesACorrectionMadeThroughTheApi() {
        String a = tag();
        String file = CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "ADE Coworking")));
        importCsv(file);
        Http.Answer corrected = http.patch("/api/v1/third-places/cget-2019-" + a, nationalKey,
                "{\"name\":\"ADE Coworking Nantes\"}", Map.of("If-Match", "1"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);

        JsonNode again = importCsv(file);
        assertThat(again.get("kept").asInt()).isEqualTo(1);
        assertThat(again.get("updated").asInt()).isZero();
        JsonNode changedFile = importCsv(CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "ADE Coworking",
                "ADRESSE", "2 rue de la Gare"))));
        assertThat(changedFile.get("kept").asInt()).as("the file's fields are the registry's now").isEqualTo(1);

        JsonNode place = http.get("/api/v1/third-places/cget-2019-" + a, nationalKey).json();
        assertThat(place.get("name").asString()).isEqualTo("ADE Coworking Nantes");
        assertThat(place.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aPlaceThatDidNotComeFromTheImportIsNeverOverwritten() {
        String a = tag();
        http.post("/api/v1/third-places", nationalKey, "{\"id\":\"cget-2019-" + a + "\",\"name\":\"Saisi à la main\","
                + "\"communeCode\":\"44109\"}");

        JsonNode result = importCsv(CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "Du fichier"))));

        assertThat(result.at("/rejected/0/reason").asString()).isEqualTo("id taken");
        assertThat(http.get("/api/v1/third-places/cget-2019-" + a, nationalKey).json().get("name").asString())
                .isEqualTo("Saisi à la main");
    }

    @Test
    void onlyTheNationalStructureChoosesAnIdOfTheImport_soNoOperatorBlocksARowForGood() {
        String a = tag();
        Org operator = newOrganisation("THIRD_PLACE");

        assertInvalidField(http.post("/api/v1/third-places", operator.key(), "{\"id\":\"cget-2019-" + a + "\","
                + "\"name\":\"Pas le sien\",\"communeCode\":\"44109\"}"), "id");
        assertProblem(http.get("/api/v1/third-places/cget-2019-" + a, nationalKey), 404);

        JsonNode result = importCsv(CgetRows.csv(CgetRows.row(Map.of("ID", a, "NOM_TL", "Du fichier"))));
        assertThat(result.get("imported").asInt()).as(result.toString()).isEqualTo(1);
        assertThat(http.post("/api/v1/third-places", operator.key(), "{\"id\":\"lieu-" + a + "\","
                + "\"name\":\"Le sien\",\"communeCode\":\"44109\"}").status()).isEqualTo(201);
    }

    @Test
    void theAnswerListsTheFirstThousandRejectedRowsAndCountsThemAll() {
        String a = tag();
        StringBuilder csv = new StringBuilder(CgetRows.csv(CgetRows.row(Map.of("ID", a))));
        csv.append("x\n".repeat(1_500)); // 1,500 rows of one field: each malformed

        JsonNode answer = importCsv(csv.toString());

        assertThat(answer.get("imported").asInt()).isEqualTo(1);
        assertThat(answer.get("rejectedCount").asInt()).isEqualTo(1_500);
        assertThat(answer.at("/rejectedByReason/malformed row").asInt()).isEqualTo(1_500);
        assertThat(answer.get("rejected").size()).isEqualTo(1_000);
        assertThat(answer.at("/rejected/0/line").asInt()).isEqualTo(3);
        assertThat(answer.at("/rejected/999/line").asInt()).isEqualTo(1_002);
    }

    @Test
    void badImportsAreRefusedNamingWhatIsWrongAndStoreNothing() {
        String a = tag();
        String csv = CgetRows.csv(CgetRows.row(Map.of("ID", a)));
        Org thirdPlace = newOrganisation("THIRD_PLACE");

        assertProblem(post("/api/v1/imports?format=cget-2019", thirdPlace.key(), "text/csv", bytes(csv)), 403);
        assertInvalidField(post("/api/v1/imports", nationalKey, "text/csv", bytes(csv)), "format");
        assertInvalidField(post("/api/v1/imports?format=cget-2018", nationalKey, "text/csv", bytes(csv)), "format");
        assertProblem(post("/api/v1/imports?format=cget-2019", nationalKey, "application/json", bytes(csv)), 415);
        assertInvalidField(post("/api/v1/imports?format=cget-2019", nationalKey, "text/csv", new byte[0]), "body");
        byte[] latin1 = csv.replace("Tiers-lieu de test", "Café").getBytes(StandardCharsets.ISO_8859_1);
        assertInvalidField(post("/api/v1/imports?format=cget-2019", nationalKey, "text/csv", latin1), "body");
        Http.Answer missing = post("/api/v1/imports?format=cget-2019", nationalKey, "text/csv",
                bytes("ID,NOM_TL,ADRESSE\n" + a + ",x,y\n"));
        assertInvalidField(missing, "INSEECOM");
        assertInvalidField(missing, "TYPO");
        // a header whose last name opens a quote it never closes would have swallowed every row
        assertInvalidField(post("/api/v1/imports?format=cget-2019", nationalKey, "text/csv",
                bytes(String.join(",", Cget2019.COLUMNS) + ",\"NOTE\n" + CgetRows.row(Map.of("ID", a)) + "\n")), "header");
        StringBuilder huge = new StringBuilder(csv);
        while (huge.length() <= 1_100_000) {
            huge.append(CgetRows.row(Map.of("ID", tag()))).append('\n');
        }
        assertProblem(post("/api/v1/imports?format=cget-2019", nationalKey, "text/csv", bytes(huge.toString())), 413);

        assertProblem(http.get("/api/v1/third-places/cget-2019-" + a, nationalKey), 404);
    }

    @Test
    void theRealCget2019BaseIsImportedAndAgainWithoutChange() throws IOException {
        String where = "the CGET 2019 base is not at " + REAL_FILE.toAbsolutePath().normalize() + " (see data/README.md)";
        // CI has the file (.ci/run says so): there, its absence fails the run rather than skip the one real-data test
        assertThat("1".equals(System.getenv("MAILLAGE_REQUIRE_REAL_DATA")) && !Files.isReadable(REAL_FILE))
                .as(where).isFalse();
        Assumptions.assumeTrue(Files.isReadable(REAL_FILE), "skipped: " + where);
        byte[] file = Files.readAllBytes(REAL_FILE);
        List<Csv.Record> records = Csv.parse(new String(file, StandardCharsets.UTF_8));
        int rows = records.size() - 1;
        assertThat(rows).as("rows of the base, as data/README.md says").isEqualTo(1_512);

        JsonNode first = importBody(file);
        int imported = first.get("imported").asInt();
        int rejected = first.get("rejected").size();
        assertThat(first.get("updated").asInt() + first.get("unchanged").asInt()).isZero();
        assertThat(imported + rejected).isEqualTo(rows);
        assertThat(imported).as("most rows can be placed").isGreaterThan(rows * 9 / 10);
        int byReason = 0;
        for (var reason : first.get("rejectedByReason").properties()) {
            byReason += reason.getValue().asInt();
        }
        assertThat(byReason).isEqualTo(rejected);
        Map<Integer, Csv.Record> byLine = new HashMap<>();
        records.forEach(record -> byLine.put(record.line(), record));
        int inseeColumn = records.get(0).fields().indexOf("INSEECOM");
        List<Integer> inconsistent = new ArrayList<>();
        first.get("rejected").forEach(rejection -> {
            assertThat(rejection.get("line").asInt()).isBetween(2, rows + 1);
            assertThat(rejection.get("reason").asString()).isNotBlank();
            assertThat(rejection.get("detail").asString()).isNotBlank();
            // a row with a commune code is always placed (arrondissements and merged communes resolved),
            // unless that commune is in an overseas collectivity, outside the network's départements, or
            // the row's names and région both say it is another commune
            String insee = byLine.get(rejection.get("line").asInt()).fields().get(inseeColumn).strip();
            if (!insee.isEmpty() && !insee.equals("0")) {
                assertThat(rejection.get("reason").asString()).as("line %s, INSEECOM %s: %s",
                        rejection.get("line"), insee, rejection.get("detail"))
                        .isIn("outside the départements", "inconsistent commune");
            }
            if (rejection.get("reason").asString().equals("inconsistent commune")) {
                inconsistent.add(rejection.get("line").asInt());
            }
        });
        assertThat(inconsistent).as("Sophia Antipolis coded as Hérouville-Saint-Clair (Calvados)").containsExactly(1461);

        JsonNode second = importBody(file);
        assertThat(second.get("imported").asInt()).isZero();
        assertThat(second.get("updated").asInt()).isZero();
        assertThat(second.get("unchanged").asInt()).isEqualTo(imported);
        assertThat(second.get("rejected").size()).isEqualTo(rejected);

        Map<String, String> communeOfArrondissement = Map.of("751", "75056", "693", "69123", "132", "13055");
        Map<String, String> placedIn = communesOfPlacesIn("75", "69", "13");
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < records.get(0).fields().size(); i++) {
            column.put(records.get(0).fields().get(i), i);
        }
        int arrondissements = 0;
        List<String> mails = new ArrayList<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            String insee = record.fields().get(column.get("INSEECOM"));
            String mail = record.fields().get(column.get("MAIL")).strip();
            if (mail.contains("@")) {
                mails.add(mail);
            }
            if (isArrondissement(insee)) {
                arrondissements++;
                assertThat(placedIn.get("cget-2019-" + record.fields().get(column.get("ID"))))
                        .as("row %s (%s)", record.line(), insee)
                        .isEqualTo(communeOfArrondissement.get(insee.substring(0, 3)));
            }
        }
        assertThat(arrondissements).as("about 300 rows carry an arrondissement code").isBetween(250, 350);

        assertThat(mails).as("the base names people in some rows").isNotEmpty();
        try (MongoClient mongo = MongoClients.create(TestStack.mongoUri())) {
            StringBuilder stored = new StringBuilder();
            for (Document doc : mongo.getDatabase(DATABASE).getCollection("third_places").find()) {
                stored.append(doc.toJson());
            }
            assertThat(mails).allSatisfy(mail -> assertThat(stored.toString()).doesNotContain(mail));
        }
    }

    /** Place id to commune code, for every place in these départements, through the search API. */
    private Map<String, String> communesOfPlacesIn(String... departements) {
        Map<String, String> communes = new HashMap<>();
        for (String departement : departements) {
            for (int page = 0; ; page++) {
                Http.Answer answer = http.get("/api/v1/third-places?departement=" + departement + "&size=200&page=" + page,
                        nationalKey);
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                JsonNode items = answer.json().get("items");
                items.forEach(item -> communes.put(item.get("id").asString(), item.at("/commune/code").asString()));
                if (items.size() < 200) {
                    break;
                }
            }
        }
        return communes;
    }

    private static boolean isArrondissement(String insee) {
        return insee.matches("751(0[1-9]|1[0-9]|20)|6938[1-9]|132(0[1-9]|1[0-6])");
    }

    private JsonNode importCsv(String csv) {
        return importBody(bytes(csv));
    }

    private JsonNode importBody(byte[] body) {
        Http.Answer answer = post("/api/v1/imports?format=cget-2019", nationalKey, "text/csv; charset=utf-8", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private Http.Answer post(String path, String key, String contentType, byte[] body) {
        return http.send(http.builder(path, key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), Map.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
