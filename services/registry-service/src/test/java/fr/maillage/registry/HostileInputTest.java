package fr.maillage.registry;

import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The corpus of quality.md (security, hostile input): every answer is a 4xx problem, nothing is stored. */
class HostileInputTest extends RegistryIntegrationTest {

    @Test
    void operatorInjectionDollarKeysAndDottedKeysAreRefusedEverywhere() {
        String place = newPlace(null);
        String facilitator = http.post("/api/v1/facilitators", nationalKey, "{\"thirdPlaceId\":\"" + place
                + "\",\"firstName\":\"Alix\",\"lastName\":\"Test\"}").json().get("id").asString();
        long version = http.get("/api/v1/third-places/" + place, nationalKey).json().get("version").asLong();
        Map<String, String> ifMatch = Map.of("If-Match", Long.toString(version));

        assertInvalidField(http.post("/api/v1/third-places", nationalKey,
                "{\"name\":{\"$gt\":\"\"},\"communeCode\":\"44109\"}"), "name");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":{\"$ne\":null}}", ifMatch), "name");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"$set\":{\"name\":\"x\"}}", ifMatch), "$set");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"state.name\":\"x\"}", ifMatch), "state.name");
        assertInvalidField(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey,
                "{\"track\":{\"$gt\":\"\"},\"wave\":1,\"year\":2019,\"yearlyGrantEur\":1}"), "track");
        assertInvalidField(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey,
                "{\"track\":\"QPV\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":1,\"$where\":\"sleep(1000)\"}"), "$where");
        assertInvalidField(http.post("/api/v1/facilitators", nationalKey, "{\"thirdPlaceId\":{\"$gt\":\"\"},"
                + "\"firstName\":\"A\",\"lastName\":\"B\"}"), "thirdPlaceId");
        assertInvalidField(http.post("/api/v1/facilitators", nationalKey, "{\"thirdPlaceId\":\"" + place + "\","
                + "\"firstName\":\"A\",\"lastName\":\"B\",\"$where\":\"1\"}"), "$where");
        assertInvalidField(http.post("/api/v1/facilitators/" + facilitator + "/certifications", nationalKey,
                "{\"name\":\"x\",\"hours\":{\"$gt\":0},\"certifiedOn\":\"2025-01-01\"}"), "hours");
        assertInvalidField(http.post("/api/v1/organisations", nationalKey, "{\"name\":\"x\",\"kind\":\"OTHER\","
                + "\"roles\":[\"ANALYST\"],\"siret\":{\"$regex\":\".*\"}}"), "siret");
        assertProblem(http.get("/api/v1/third-places/" + encode("{\"$gt\":\"\"}"), nationalKey), 400);
        assertInvalidField(http.get("/api/v1/third-places?fabrique=" + encode("{\"$ne\":null}"), nationalKey), "fabrique");
        assertInvalidField(http.get("/api/v1/third-places?region%5B%24gt%5D=", nationalKey), "region[$gt]");
        assertInvalidField(http.get("/api/v1/third-places?typologie=FABLAB", nationalKey), "typologie");

        assertUntouched(place, version);
        assertThat(http.get("/api/v1/facilitators/" + facilitator, nationalKey).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void wrongTypesHugeNumbersAndControlCharactersNameTheirField() {
        String place = newPlace(null);
        Map<String, String> ifMatch = Map.of("If-Match", "1");

        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"surfaceM2\":\"big\"}", ifMatch), "surfaceM2");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey,
                "{\"surfaceM2\":99999999999999999999999}", ifMatch), "surfaceM2");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"latitude\":1e400}", ifMatch), "latitude");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"latitude\":true}", ifMatch), "latitude");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"typologies\":\"COWORKING\"}", ifMatch), "typologies");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"typologies\":[null]}", ifMatch), "typologies[0]");
        assertInvalidField(http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"x\",\"communeCode\":\"44109\",\"typologies\":[\"COWORKING\",null]}"), "typologies[1]");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"openedOn\":\"yesterday\"}", ifMatch), "openedOn");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":\"a\\u0000b\"}", ifMatch), "name");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"address\":\"1 rue\\nX\"}", ifMatch), "address");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":\"a\\ud800b\"}", ifMatch), "name");
        // a long value ending with a control character is refused at once (a backtracking pattern took seconds)
        long started = System.nanoTime();
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey,
                "{\"name\":\"" + "a".repeat(500_000) + "\\u0001\"}", ifMatch), "name");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertInvalidField(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey,
                "{\"track\":\"QPV\",\"wave\":\"one\",\"year\":2019,\"yearlyGrantEur\":1}"), "wave");
        assertInvalidField(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey,
                "{\"track\":\"QPV\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":1e400}"), "yearlyGrantEur");
        assertInvalidField(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey,
                "{\"track\":\"QPV\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":12345678901234567890123}"), "yearlyGrantEur");
        assertInvalidField(http.post("/api/v1/facilitators", nationalKey, "{\"thirdPlaceId\":\"" + place + "\","
                + "\"firstName\":[\"A\"],\"lastName\":\"B\"}"), "firstName");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{}", Map.of("If-Match", "abc")), "If-Match");
        // values of another JSON type are refused, not converted
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"surfaceM2\":\"12\"}", ifMatch), "surfaceM2");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":1}", ifMatch), "name");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"openedOn\":20260101}", ifMatch), "openedOn");
        // dates no tiers-lieu opened on, a name blanked, an operator that does not exist
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"openedOn\":\"0000-01-01\"}", ifMatch), "openedOn");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"openedOn\":\"9999-12-31\"}", ifMatch), "openedOn");
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":\"   \"}", ifMatch), "name");
        for (String invisible : List.of("\\u00a0", "\\u3000", "\\u200b", " \\u00a0\\u200b ")) { // blank to a reader too
            assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":\"" + invisible + "\"}",
                    ifMatch), "name");
        }
        assertInvalidField(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"operatorId\":\"no-such-org\"}", ifMatch), "operatorId");
        assertInvalidField(http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"x\",\"communeCode\":\"44109\",\"operatorId\":\"no-such-org\"}"), "operatorId");
        assertInvalidField(http.post("/api/v1/third-places", nationalKey,
                "{\"name\":\"x\",\"communeCode\":\"44109\",\"openedOn\":\"-2026-01-01\"}"), "openedOn");

        assertUntouched(place, 1);
    }

    @Test
    void malformedMissingOrWronglyTypedBodiesAre4xx() {
        String place = newPlace(null);

        for (String path : List.of("/api/v1/third-places", "/api/v1/organisations", "/api/v1/facilitators")) {
            assertProblem(http.post(path, nationalKey, "{\"name\":"), 400);
            assertProblem(http.post(path, nationalKey, "[]"), 400);
            assertProblem(http.post(path, nationalKey, ""), 400);
            assertProblem(http.send(http.builder(path, nationalKey).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("name=x")), Map.of()), 415);
        }
        assertProblem(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey, ""), 400);
        assertProblem(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey, "null"), 400);
        assertUntouched(place, 1);
    }

    @Test
    void oversizedBodiesAre413() throws Exception {
        String place = newPlace(null);
        String big = "x".repeat(1_100_000);

        assertProblem(http.post("/api/v1/facilitators", nationalKey, "{\"thirdPlaceId\":\"" + place
                + "\",\"firstName\":\"" + big + "\",\"lastName\":\"B\"}"), 413);
        assertProblem(http.put("/api/v1/third-places/" + place + "/fabrique-label", nationalKey,
                "{\"track\":\"QPV\",\"pad\":\"" + big + "\"}"), 413);
        assertProblem(http.patch("/api/v1/third-places/" + place, nationalKey, "{\"name\":\"" + big + "\"}",
                Map.of("If-Match", "1")), 413);
        assertUntouched(place, 1);

        // streamed without a length (chunked): refused as it goes past the limit
        byte[] body = ("{\"name\":\"" + big + "\",\"communeCode\":\"44109\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/third-places"))
                .header("Authorization", "Bearer " + nationalKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void wrongRolesAre403AndStoreNothing() {
        Org analyst = newOrganisation("ANALYST");
        Org other = newOrganisation("THIRD_PLACE");
        String place = newPlace(null);
        String id = "tl-" + UUID.randomUUID();

        assertProblem(http.post("/api/v1/third-places", analyst.key(), "{\"id\":\"" + id
                + "\",\"name\":\"x\",\"communeCode\":\"44109\"}"), 403);
        assertProblem(http.get("/api/v1/third-places/" + id, nationalKey), 404);
        assertProblem(http.patch("/api/v1/third-places/" + place, analyst.key(), "{\"name\":\"x\"}", Map.of("If-Match", "1")), 403);
        assertProblem(http.post("/api/v1/third-places/" + place + "/closure", analyst.key(), ""), 403);
        assertProblem(http.put("/api/v1/third-places/" + place + "/fabrique-label", analyst.key(),
                FabriqueApiTest.LABEL), 403);
        assertProblem(http.post("/api/v1/organisations", analyst.key(), "{\"name\":\"x\",\"kind\":\"OTHER\","
                + "\"roles\":[\"NATIONAL\"]}"), 403);
        assertProblem(http.post("/api/v1/organisations/" + analyst.id() + "/api-keys", analyst.key(), ""), 403);
        assertProblem(http.get("/api/v1/organisations/" + other.id(), analyst.key()), 403);
        assertProblem(http.post("/api/v1/facilitators", analyst.key(), "{\"thirdPlaceId\":\"" + place
                + "\",\"firstName\":\"A\",\"lastName\":\"B\"}"), 403);
        assertThat(http.get("/api/v1/organisations/" + analyst.id(), nationalKey).json().get("apiKeys").size()).isEqualTo(1);
        assertUntouched(place, 1);
    }

    @Test
    void pathsThatTryToEscapeAreRefused() {
        for (String path : List.of("/api/v1/third-places/..%2F..%2Fetc%2Fpasswd", "/api/v1/third-places/%00",
                "/api/v1/facilitators/..%5C..%5Cwin.ini", "/api/v1/third-places/" + "a".repeat(300))) {
            int status = http.get(path, nationalKey).status();
            assertThat(status).as(path).isBetween(400, 499);
        }
    }

    @Test
    void queryStringsTheContainerCannotDecodeAre400Problems() throws Exception {
        for (String target : List.of("/api/v1/third-places?region=%zz", "/api/v1/third-places?region=%C3%28",
                "/api/v1/third-places?region=84&=x", "/api/v1/third-places?region=8%4")) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + nationalKey
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(statusOf(answer)).as(target).isEqualTo(400);
            assertThat(answer).as(target).containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("Malformed query string");
        }
        // what reads its parameters elsewhere (the actuator) is answered too, never with a 500
        String health = raw("GET /actuator/health?a=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(statusOf(health)).as(health).isIn(200, 400);
        // well-formed encodings still pass
        assertThat(http.get("/api/v1/third-places?region=8%34&typology=COWORKING", nationalKey).status()).isEqualTo(200);
    }

    @Test
    void formAndMultipartBodiesAreRefusedUnreadWithA4xx() throws Exception {
        String place = newPlace(null);
        String form = raw("PATCH /api/v1/third-places/" + place + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + nationalKey + "\r\nIf-Match: 1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 6\r\nConnection: close\r\n\r\na=%zz!");
        assertThat(statusOf(form)).as(form).isEqualTo(415);
        String noBoundary = raw("POST /api/v1/third-places HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data"
                + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertThat(statusOf(noBoundary)).as(noBoundary).isBetween(400, 499);
        String multipart = raw("POST /api/v1/third-places HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + nationalKey
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 65\r\nConnection: close\r\n\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nLieu\r\n--b--\r\n");
        assertThat(statusOf(multipart)).as(multipart).isEqualTo(415);
        assertThat(multipart).containsIgnoringCase("Content-Type: application/problem+json");
        assertUntouched(place, 1);
    }

    @Test
    void anEmptyChunkedBodyIsNoBody() throws Exception {
        String place = newPlace(null);
        HttpResponse<String> closed = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/third-places/" + place + "/closure"))
                        .header("Authorization", "Bearer " + nationalKey)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(InputStream::nullInputStream)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/third-places/" + place, nationalKey).json().get("status").asString()).isEqualTo("CLOSED");
    }

    private String raw(String request) {
        return Http.raw(port, request);
    }

    private static int statusOf(String answer) {
        return Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
    }

    private void assertUntouched(String place, long version) {
        Http.Answer answer = http.get("/api/v1/third-places/" + place, nationalKey);
        assertThat(answer.json().get("version").asLong()).as("nothing stored").isEqualTo(version);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
