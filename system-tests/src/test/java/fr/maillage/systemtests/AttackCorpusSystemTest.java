package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attack corpus of quality.md (security): every case of the security table, sent to the four
 * services of a launched stack ({@link LaunchedStack}). Each answer must be a 4xx (the exact status
 * where it means something) in {@code application/problem+json} with a title, a status and a detail,
 * never a 5xx, never a stack trace, never the key that was sent. Then: nothing the hostile requests
 * tried to create exists, and no API key used (valid, revoked or made up) is in any log of the stack.
 *
 * <p>The corpus is a table ({@link #corpus()}): service, method, path, key, content type, body,
 * headers, expected status. Tenants are set up first through the APIs: an analyst, a Fabrique and
 * a tiers-lieu each with the place it operates, two communes (Nantes and Rennes) as local
 * authorities, Nantes with premises on offer, and an organisation whose key is revoked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
@ExtendWith(LaunchedStack.Shared.class)
class AttackCorpusSystemTest {

    /** Any 4xx: where the exact status depends on which check comes first and both are right. */
    private static final int ANY_4XX = 0;

    private static final String JSON = "application/json";
    private static final String BIG = "x".repeat(1_100_000); // over the 1 MiB limit
    private static final String HUGE_NUMBER = "9".repeat(2_000); // longer than any number a parser should take

    // what the setup creates (fixed ids: the stack's home is wiped for every run)
    private static final String ANALYST_ORG = "corpus-analyst";
    private static final String FABRIQUE_ORG = "corpus-fabrique";
    private static final String TIERS_LIEU_ORG = "corpus-tiers-lieu";
    private static final String NANTES_ORG = "corpus-nantes";
    private static final String RENNES_ORG = "corpus-rennes";
    private static final String REVOKED_ORG = "corpus-revoked";
    private static final String FABRIQUE_PLACE = "corpus-fabrique-place"; // operated by the Fabrique, in Nantes
    private static final String OTHER_PLACE = "corpus-other-place"; // operated by the tiers-lieu, in Rennes: outside the Fabrique's network
    private static final String PREMISES = "corpus-premises"; // offered by Nantes
    /** Ids that hostile but well-formed requests try to create: none may exist afterwards. */
    private static final String HOSTILE = "corpus-x-";
    /** Report ids of hostile but well-formed activity: none may have been taken. */
    private static final List<String> HOSTILE_REPORTS = List.of("corpus-r1", "corpus-r2", "corpus-r3", "corpus-r4",
            "corpus-r5", "corpus-r6", "corpus-r7");

    enum Service {
        REGISTRY(LaunchedStack.REGISTRY), ACTIVITY(LaunchedStack.ACTIVITY), PARTNERSHIP(LaunchedStack.PARTNERSHIP),
        REPORTING(LaunchedStack.REPORTING);

        final int port;

        Service(int port) {
            this.port = port;
        }
    }

    /** Whose key a request carries. */
    enum Key {
        NONE, WRONG, REVOKED, NATIONAL, ANALYST, FABRIQUE, TIERS_LIEU, NANTES, RENNES
    }

    /** One case of the corpus. {@code status} is the expected status, or {@link #ANY_4XX}. */
    record Attack(Service service, String method, String path, Key key, String contentType, String body,
                  Map<String, String> headers, int status, String what) {

        Attack as(String type) {
            return new Attack(service, method, path, key, type, body, headers, status, what);
        }

        Attack with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Attack(service, method, path, key, contentType, body, more, status, what);
        }

        @Override
        public String toString() {
            String shown = path.length() > 90 ? path.substring(0, 90) + "…" : path;
            return String.format("%s %s %s [%s] → %s: %s", service, method, shown, key,
                    status == ANY_4XX ? "4xx" : status, what);
        }
    }

    private static Attack get(Service service, String path, Key key, int status, String what) {
        return new Attack(service, "GET", path, key, null, null, Map.of(), status, what);
    }

    /** A request with a JSON body (null: no body). */
    private static Attack send(Service service, String method, String path, Key key, String body, int status, String what) {
        return new Attack(service, method, path, key, body == null ? null : JSON, body, Map.of(), status, what);
    }

    // ------------------------------------------------------------------------------------------
    // The corpus
    // ------------------------------------------------------------------------------------------

    private static final String PLACE_FIELDS = "\"communeCode\":\"44109\"";
    private static final String OFFER_FIELDS = "\"communeCode\":\"44109\",\"address\":\"1 rue A\",\"surfaceM2\":50,"
            + "\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"";

    private static String report(String reportId, String place) {
        return "{\"reportId\":\"" + reportId + "\",\"thirdPlaceId\":\"" + place
                + "\",\"date\":\"2026-11-02\",\"category\":\"WORKSHOP\",\"participants\":12}";
    }

    private static String reports(String... items) {
        return "{\"reports\":[" + String.join(",", items) + "]}";
    }

    /** A valid report with one field replaced (its value given as raw JSON). */
    private static String reportWith(String field, String json) {
        String valid = report("corpus-bad", FABRIQUE_PLACE);
        return reports(valid.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[0-9]+)",
                Matcher.quoteReplacement("\"" + field + "\":" + json)));
    }

    static List<Attack> corpus() {
        List<Attack> corpus = new ArrayList<>();
        for (Service service : Service.values()) {
            corpus.addAll(everyService(service));
        }
        corpus.addAll(registry());
        corpus.addAll(activity());
        corpus.addAll(partnership());
        corpus.addAll(reporting());
        return corpus;
    }

    /** Keys, management endpoints and path tricks: the same on every service. */
    private static List<Attack> everyService(Service s) {
        String keyed = switch (s) {
            case REGISTRY -> "/api/v1/third-places";
            case ACTIVITY -> "/api/v1/activity-reports";
            case PARTNERSHIP -> "/api/v1/funds";
            case REPORTING -> "/api/v1/admin/rebuild";
        };
        String keyedMethod = s == Service.ACTIVITY ? "POST" : "GET";
        String keyedBody = s == Service.ACTIVITY ? reports(report(HOSTILE_REPORTS.get(0), FABRIQUE_PLACE)) : null;
        List<Attack> cases = new ArrayList<>(List.of(
                send(s, keyedMethod, keyed, Key.NONE, keyedBody, 401, "no key"),
                send(s, keyedMethod, keyed, Key.WRONG, keyedBody, 401, "a made-up key"),
                send(s, keyedMethod, keyed, Key.REVOKED, keyedBody, 401, "a revoked key"),
                send(s, keyedMethod, keyed, Key.NONE, keyedBody, 401, "not a bearer key")
                        .with("Authorization", "Basic YWRtaW46YWRtaW4="),
                send(s, keyedMethod, keyed, Key.NONE, keyedBody, 401, "an empty bearer key").with("Authorization", "Bearer"),
                get(s, "/actuator/health", Key.WRONG, 401, "a made-up key on the public health check")));
        for (String endpoint : List.of("env", "heapdump", "threaddump", "prometheus", "metrics", "loggers", "info",
                "beans", "configprops", "mappings", "health/mongo", "health/readiness/mongo")) {
            cases.add(get(s, "/actuator/" + endpoint, Key.NONE, 401, "management endpoint without key"));
        }
        cases.addAll(List.of(
                send(s, "POST", "/actuator/shutdown", Key.NONE, null, 401, "shutdown without key"),
                send(s, "POST", "/actuator/loggers/ROOT", Key.NONE, "{\"configuredLevel\":\"TRACE\"}", 401, "log level without key"),
                get(s, "/actuator/metrics", Key.ANALYST, 403, "management endpoint with an analyst key"),
                get(s, "/actuator/env", Key.REVOKED, 401, "management endpoint with a revoked key"),
                get(s, "/actuator/env", Key.NATIONAL, 404, "an endpoint that is not exposed"),
                get(s, "/actuator/heapdump", Key.NATIONAL, 404, "an endpoint that is not exposed"),
                get(s, "/actuator/health/liveness/x", Key.NATIONAL, 404, "a nested health path"),
                get(s, "/%61ctuator/env", Key.NONE, 400, "encoded letter around the management check"),
                get(s, "/actuator/health/../env", Key.NONE, 400, "dot segments from the public health check"),
                get(s, "/actuator/health/..;/env", Key.NONE, 400, "dot segment hidden by a path parameter"),
                get(s, "/actuator/health/%2e%2e/metrics", Key.NONE, 400, "encoded dot segment"),
                get(s, "/actuator;x=y/env", Key.NONE, 400, "path parameter"),
                get(s, "/actuator//env", Key.NONE, 400, "empty segment"),
                get(s, "/actuator%2fenv", Key.NONE, 400, "encoded slash"),
                get(s, keyed + "/..%2F..%2F..%2Fetc%2Fpasswd", Key.NATIONAL, 400, "encoded slashes"),
                get(s, keyed + "/..%5C..%5Cwin.ini", Key.NATIONAL, 400, "encoded backslashes"),
                get(s, keyed + "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", Key.NATIONAL, 400, "encoded dot segments"),
                get(s, keyed + "/../../../etc/passwd", Key.NATIONAL, 400, "dot segments"),
                get(s, "/%2e%2e/%2e%2e/etc/passwd", Key.NONE, 400, "above the root"),
                get(s, "/../../etc/passwd", Key.NONE, 400, "above the root"),
                get(s, keyed + "/x%00.json", Key.NATIONAL, 400, "NUL byte"),
                get(s, "/WEB-INF/web.xml", Key.NONE, 404, "servlet container files"),
                get(s, "/api/v1/nothing-here", Key.NATIONAL, 404, "unknown path"),
                send(s, "DELETE", keyed, Key.NATIONAL, null, 405, "wrong method"),
                send(s, "POST", keyed, Key.ANALYST, "{\"pad\":\"" + BIG + "\"}", 413,
                        "body over 1 MiB")));
        if (s != Service.REPORTING) { // the reporting service takes no body
            String write = s == Service.PARTNERSHIP ? "/api/v1/premises" : keyed;
            Key writer = s == Service.PARTNERSHIP ? Key.NANTES : s == Service.ACTIVITY ? Key.FABRIQUE : Key.NATIONAL;
            cases.addAll(List.of(
                    send(s, "POST", write, writer, "{\"name\":", 400, "malformed JSON"),
                    send(s, "POST", write, writer, "{\"a\":1", 400, "truncated JSON"),
                    send(s, "POST", write, writer, "[]", 400, "an array instead of an object"),
                    send(s, "POST", write, writer, "null", 400, "null body"),
                    send(s, "POST", write, writer, "", 400, "empty body"),
                    send(s, "POST", write, writer, "\"text\"", 400, "a string instead of an object"),
                    send(s, "POST", write, writer, "{\"$where\":\"sleep(1000)\"}", 400, "operator key"),
                    send(s, "POST", write, writer, "{\"a.b\":1}", 400, "dotted key"),
                    send(s, "POST", write, writer, "{\"a\":" + HUGE_NUMBER + "}", 400, "a 2,000-digit number"),
                    send(s, "POST", write, writer, "[".repeat(5_000) + "]".repeat(5_000), 400, "deep nesting"),
                    send(s, "POST", write, writer, "{\"pad\":\"" + BIG + "\"}", 413, "body over 1 MiB with a writer's key"),
                    send(s, "POST", write, writer, "{}", 415, "text/plain").as("text/plain"),
                    send(s, "POST", write, writer, "<a/>", 415, "XML").as("application/xml"),
                    send(s, "POST", write, writer, "name=x", 415, "a form").as("application/x-www-form-urlencoded"),
                    send(s, "POST", write, writer, "{}", 415, "no content type").as(null)));
        }
        return cases;
    }

    private static List<Attack> registry() {
        Service r = Service.REGISTRY;
        String places = "/api/v1/third-places";
        String place = places + "/" + FABRIQUE_PLACE;
        return List.of(
                // wrong types, huge numbers, control characters, operator injection
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "1\",\"name\":{\"$gt\":\"\"}," + PLACE_FIELDS + "}", 400, "operator as a value"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "2\",\"name\":\"x\",\"communeCode\":{\"$ne\":null}}", 400, "operator as a value"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "3\",\"name\":\"x\",\"$where\":\"1\"," + PLACE_FIELDS + "}", 400, "operator key"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "4\",\"name\":\"x\",\"state.name\":\"y\"," + PLACE_FIELDS + "}", 400, "dotted key"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"$where\",\"name\":\"x\"," + PLACE_FIELDS + "}", 400, "operator as an id"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"../../etc/passwd\",\"name\":\"x\"," + PLACE_FIELDS + "}", 400, "path as an id"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "5\",\"name\":[\"x\"]," + PLACE_FIELDS + "}", 400, "array for a string"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "6\",\"name\":\"x\",\"surfaceM2\":\"big\"," + PLACE_FIELDS + "}", 400, "string for a number"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "7\",\"name\":\"x\",\"surfaceM2\":99999999999999999999999," + PLACE_FIELDS + "}", 400, "huge integer"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "8\",\"name\":\"x\",\"latitude\":1e400," + PLACE_FIELDS + "}", 400, "number beyond a double"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "9\",\"name\":\"x\",\"latitude\":true," + PLACE_FIELDS + "}", 400, "boolean for a number"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "10\",\"name\":\"x\",\"status\":3," + PLACE_FIELDS + "}", 400, "number for an enum"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "11\",\"name\":\"x\",\"typologies\":\"COWORKING\"," + PLACE_FIELDS + "}", 400, "string for a list"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "12\",\"name\":\"x\",\"openedOn\":\"yesterday\"," + PLACE_FIELDS + "}", 400, "not a date"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "13\",\"name\":\"a\\u0000b\"," + PLACE_FIELDS + "}", 400, "NUL character"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "14\",\"name\":\"\\u001b[31mx\"," + PLACE_FIELDS + "}", 400, "escape character"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "15\",\"name\":\"x\",\"address\":\"1 rue\\nX\"," + PLACE_FIELDS + "}", 400, "new line"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "16\",\"name\":\"x\",\"name\":\"y\"," + PLACE_FIELDS + "}", 400, "duplicate key"),
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "17\",\"name\":\"x\"," + PLACE_FIELDS + "} {}", 400, "trailing JSON"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"$set\":{\"name\":\"x\"}}", 400, "operator key").with("If-Match", "1"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"state.name\":\"x\"}", 400, "dotted key").with("If-Match", "1"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"name\":{\"$ne\":null}}", 400, "operator as a value").with("If-Match", "1"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"surfaceM2\":1e400}", 400, "number beyond a double").with("If-Match", "1"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"name\":\"x\"}", 400, "If-Match not a version").with("If-Match", "abc"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"name\":\"x\"}", 428, "no If-Match"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"name\":\"x\"}", 428, "If-Match: * protects nothing").with("If-Match", "*"),
                send(r, "PUT", place + "/fabrique-label", Key.NATIONAL, "{\"track\":{\"$gt\":\"\"},\"wave\":1,\"year\":2019,\"yearlyGrantEur\":1}", 400, "operator as a value"),
                send(r, "PUT", place + "/fabrique-label", Key.NATIONAL, "{\"track\":\"QPV\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":12345678901234567890123}", 400, "huge integer"),
                send(r, "POST", "/api/v1/organisations", Key.NATIONAL, "{\"id\":\"" + HOSTILE + "org1\",\"name\":\"x\",\"kind\":\"OTHER\",\"roles\":[\"ANALYST\"],\"siret\":{\"$regex\":\".*\"}}", 400, "operator as a value"),
                send(r, "POST", "/api/v1/organisations", Key.NATIONAL, "{\"id\":\"" + HOSTILE + "org2\",\"name\":\"x\",\"kind\":\"OTHER\",\"roles\":[\"ROOT\"]}", 400, "unknown role"),
                send(r, "POST", "/api/v1/facilitators", Key.NATIONAL, "{\"thirdPlaceId\":{\"$gt\":\"\"},\"firstName\":\"A\",\"lastName\":\"B\"}", 400, "operator as a value"),
                get(r, places + "?fabrique=%7B%22%24ne%22%3Anull%7D", Key.NATIONAL, 400, "operator in a query parameter"),
                get(r, places + "?region=%24gt", Key.NATIONAL, 400, "operator in a query parameter"),
                get(r, places + "?size=100000", Key.NATIONAL, 400, "page too large"),
                // ids
                get(r, places + "/corpus-nope", Key.NATIONAL, 404, "unknown id"),
                get(r, "/api/v1/organisations/corpus-nope", Key.NATIONAL, 404, "unknown id"),
                get(r, "/api/v1/facilitators/corpus-nope", Key.NATIONAL, 404, "unknown id"),
                send(r, "PATCH", places + "/corpus-nope", Key.NATIONAL, "{\"name\":\"x\"}", 404, "unknown id").with("If-Match", "1"),
                get(r, places + "/$where", Key.NATIONAL, 400, "operator as an id"),
                get(r, places + "/a.b", Key.NATIONAL, 400, "dotted id"),
                get(r, places + "/" + "a".repeat(300), Key.NATIONAL, 400, "id too long"),
                get(r, places + "/%7B%22%24gt%22%3A%22%22%7D", Key.NATIONAL, 400, "encoded operator as an id"),
                // the import: format and path parameters, content
                new Attack(r, "POST", "/api/v1/imports?format=..%2F..%2F..%2Fetc%2Fpasswd", Key.NATIONAL, "text/csv", "ID\n1\n", Map.of(), 400, "path as the format"),
                new Attack(r, "POST", "/api/v1/imports?format=%2e%2e%2f%2e%2e%2fetc%2fpasswd", Key.NATIONAL, "text/csv", "ID\n1\n", Map.of(), 400, "encoded path as the format"),
                new Attack(r, "POST", "/api/v1/imports?format=file:///etc/passwd", Key.NATIONAL, "text/csv", "ID\n1\n", Map.of(), 400, "file URL as the format"),
                new Attack(r, "POST", "/api/v1/imports?format=cget-2019&path=..%2F..%2Fetc%2Fpasswd", Key.NATIONAL, "text/csv", "", Map.of(), 400, "a path instead of a body"),
                new Attack(r, "POST", "/api/v1/imports?format=cget-2019&file=/etc/passwd", Key.NATIONAL, "text/csv", "", Map.of(), 400, "a file instead of a body"),
                new Attack(r, "POST", "/api/v1/imports", Key.NATIONAL, "text/csv", "ID\n1\n", Map.of(), 400, "no format"),
                new Attack(r, "POST", "/api/v1/imports?format=cget-2019", Key.NATIONAL, "text/csv", "ID,NOM\n\u00ff\u00fe\n", Map.of(), ANY_4XX, "not a CGET file"),
                send(r, "POST", "/api/v1/imports?format=cget-2019", Key.NATIONAL, "{\"rows\":[]}", 415, "JSON instead of CSV"),
                new Attack(r, "POST", "/api/v1/imports?format=cget-2019", Key.NATIONAL, "text/csv", "ID\n" + BIG + "\n", Map.of(), 413, "CSV over 1 MiB"),
                new Attack(r, "POST", "/api/v1/imports?format=cget-2019", Key.ANALYST, "text/csv", "ID\n1\n", Map.of(), 403, "an analyst importing"),
                // an answer the caller cannot read: refused before the write
                send(r, "POST", places, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "accept\",\"name\":\"x\"," + PLACE_FIELDS + "}", 406, "XML only accepted").with("Accept", "application/xml"),
                send(r, "PATCH", place, Key.NATIONAL, "{\"name\":\"Renamed\"}", 406, "HTML only accepted").with("If-Match", "1").with("Accept", "text/html"),
                send(r, "POST", "/api/v1/organisations", Key.NATIONAL, "{\"id\":\"" + HOSTILE + "org3\",\"name\":\"x\",\"kind\":\"OTHER\",\"roles\":[\"ANALYST\"]}", 406, "CSV only accepted").with("Accept", "text/csv"),
                // roles
                send(r, "POST", places, Key.ANALYST, "{\"id\":\"" + HOSTILE + "18\",\"name\":\"x\"," + PLACE_FIELDS + "}", 403, "an analyst writing"),
                send(r, "PATCH", place, Key.ANALYST, "{\"name\":\"x\"}", 403, "an analyst writing").with("If-Match", "1"),
                send(r, "POST", "/api/v1/organisations", Key.ANALYST, "{\"id\":\"" + HOSTILE + "org4\",\"name\":\"x\",\"kind\":\"OTHER\",\"roles\":[\"NATIONAL\"]}", 403, "an analyst making itself national"),
                send(r, "POST", "/api/v1/organisations/" + ANALYST_ORG + "/api-keys", Key.ANALYST, null, 403, "an analyst issuing keys"),
                send(r, "DELETE", "/api/v1/organisations/" + FABRIQUE_ORG + "/api-keys/corpus-nope", Key.FABRIQUE, null, 403, "a Fabrique revoking keys"),
                send(r, "PUT", place + "/fabrique-label", Key.FABRIQUE, "{\"track\":\"QPV\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":1}", 403, "a Fabrique labelling itself"),
                send(r, "PUT", place + "/fabrique-label", Key.NANTES, "{\"track\":\"QPV\",\"wave\":1,\"year\":2019,\"yearlyGrantEur\":1}", 403, "a commune labelling"),
                // other tenants
                get(r, "/api/v1/organisations/" + FABRIQUE_ORG, Key.TIERS_LIEU, 403, "another organisation's record"),
                send(r, "PATCH", place, Key.TIERS_LIEU, "{\"name\":\"Pris\"}", 403, "another operator's place").with("If-Match", "1"),
                send(r, "POST", places, Key.TIERS_LIEU, "{\"id\":\"" + HOSTILE + "19\",\"name\":\"x\",\"operatorId\":\"" + FABRIQUE_ORG + "\"," + PLACE_FIELDS + "}", 403, "a place for another operator"),
                send(r, "PUT", "/api/v1/fabriques/" + FABRIQUE_PLACE + "/members/" + OTHER_PLACE, Key.TIERS_LIEU, null, 403, "joining another's network"),
                send(r, "PUT", "/api/v1/fabriques/" + FABRIQUE_PLACE + "/members/" + OTHER_PLACE, Key.FABRIQUE, null, 403, "a Fabrique taking in another operator's place (then publishing for it)"),
                send(r, "POST", "/api/v1/facilitators", Key.TIERS_LIEU, "{\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\",\"firstName\":\"A\",\"lastName\":\"B\"}", 403, "a facilitator in another's place"),
                send(r, "POST", "/api/v1/facilitators", Key.NATIONAL, "{\"id\":\"marie-dupont\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\",\"firstName\":\"Marie\",\"lastName\":\"Dupont\"}", 400, "a facilitator's id chosen by the client"));
    }

    private static List<Attack> activity() {
        Service a = Service.ACTIVITY;
        String path = "/api/v1/activity-reports";
        String indicators = "/api/v1/monthly-indicators";
        String manyReports = reports(Stream.generate(() -> report("corpus-many", FABRIQUE_PLACE)).limit(1001).toArray(String[]::new));
        return List.of(
                send(a, "POST", path, Key.FABRIQUE, "{\"reports\":{\"$gt\":\"\"}}", 400, "operator instead of the list"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("reportId", "{\"$gt\":\"\"}"), 400, "operator as a value"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("thirdPlaceId", "{\"$ne\":null}"), 400, "operator as a value"),
                send(a, "POST", path, Key.FABRIQUE, reports(report("corpus-bad", FABRIQUE_PLACE).replace("{", "{\"$where\":\"1\",")), 400, "operator key"),
                send(a, "POST", path, Key.FABRIQUE, reports(report("corpus-bad", FABRIQUE_PLACE).replace("{", "{\"date.year\":2026,")), 400, "dotted key"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("reportId", "\"a$b.c\""), 400, "operator characters in an id"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("thirdPlaceId", "\"../../etc/passwd\""), 400, "path as an id"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("participants", "\"many\""), 400, "string for a number"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("participants", "1e400"), 400, "huge exponent"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("participants", "99999999999999999999999999999"), 400, "huge integer"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("participants", "12.5"), 400, "a fraction of a person"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("participants", "-3"), 400, "negative"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("date", "\"2026-02-30\""), 400, "impossible date"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("category", "\"$where\""), 400, "unknown category"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("category", "[\"WORKSHOP\"]"), 400, "list for a string"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("reportId", "\"r\\u0000\""), 400, "NUL character"),
                send(a, "POST", path, Key.FABRIQUE, reportWith("reportId", "\"r\\u001b[2J\""), 400, "escape character"),
                send(a, "POST", path, Key.FABRIQUE, "{\"reports\":[]}", 400, "empty batch"),
                send(a, "POST", path, Key.FABRIQUE, manyReports, 400, "1,001 reports"),
                send(a, "POST", indicators, Key.FABRIQUE, "{\"indicators\":[{\"reportId\":\"corpus-bad\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\",\"month\":\"2026-13\",\"members\":3}]}", 400, "impossible month"),
                send(a, "POST", indicators, Key.FABRIQUE, "{\"indicators\":[{\"reportId\":\"corpus-bad\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\",\"month\":\"2026-10\",\"members\":1e400}]}", 400, "huge exponent"),
                send(a, "POST", indicators, Key.FABRIQUE, "{\"indicators\":[{\"reportId\":\"corpus-bad\",\"$inc\":{\"members\":1}}]}", 400, "operator key"),
                send(a, "GET", path, Key.FABRIQUE, null, 405, "reading the ingest endpoint"),
                // refused before anything is published
                send(a, "POST", path, Key.FABRIQUE, reports(report(HOSTILE_REPORTS.get(1), FABRIQUE_PLACE)), 406, "CSV only accepted").with("Accept", "text/csv"),
                // roles and tenants
                send(a, "POST", path, Key.ANALYST, reports(report(HOSTILE_REPORTS.get(2), FABRIQUE_PLACE)), 403, "an analyst writing"),
                send(a, "POST", path, Key.NANTES, reports(report(HOSTILE_REPORTS.get(3), FABRIQUE_PLACE)), 403, "a commune publishing activity"),
                send(a, "POST", path, Key.FABRIQUE, reports(report(HOSTILE_REPORTS.get(4), OTHER_PLACE)), 403, "a Fabrique publishing outside its network"),
                send(a, "POST", path, Key.TIERS_LIEU, reports(report(HOSTILE_REPORTS.get(5), FABRIQUE_PLACE)), 403, "a tiers-lieu publishing for another"),
                send(a, "POST", path, Key.FABRIQUE, reports(report(HOSTILE_REPORTS.get(6), "corpus-nope")), 403, "an unknown place"),
                send(a, "POST", indicators, Key.FABRIQUE, "{\"indicators\":[{\"reportId\":\"corpus-i1\",\"thirdPlaceId\":\"" + OTHER_PLACE + "\",\"month\":\"2026-10\",\"members\":3}]}", 403, "indicators outside its network"));
    }

    private static List<Attack> partnership() {
        Service p = Service.PARTNERSHIP;
        String premises = "/api/v1/premises";
        String offered = premises + "/" + PREMISES;
        return List.of(
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p1\"," + OFFER_FIELDS.replace("\"44109\"", "{\"$gt\":\"\"}") + "}", 400, "operator as a value"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p2\",\"$where\":\"sleep(1000)\"," + OFFER_FIELDS + "}", 400, "operator key"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p3\",\"state.status\":\"AGREEMENT_SIGNED\"," + OFFER_FIELDS + "}", 400, "dotted key"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":{\"$ne\":null}," + OFFER_FIELDS + "}", 400, "operator as an id"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"../../etc/passwd\"," + OFFER_FIELDS + "}", 400, "path as an id"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p4\"," + OFFER_FIELDS.replace("50", "\"big\"") + "}", 400, "string for a number"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p5\"," + OFFER_FIELDS.replace("50", "1e30") + "}", 400, "huge exponent"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p6\"," + OFFER_FIELDS.replace("50", "99999999999999999999999") + "}", 400, "huge integer"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p7\"," + OFFER_FIELDS.replace("50", "50.5") + "}", 400, "a fraction for an integer"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p8\"," + OFFER_FIELDS.replace("\"OFFICE\"", "3") + "}", 400, "number for an enum"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p9\"," + OFFER_FIELDS.replace("\"FREE\"", "\"CHEAP\"") + "}", 400, "unknown enum value"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p10\"," + OFFER_FIELDS.replace("1 rue A", "1 rue\\u0000A") + "}", 400, "NUL character"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p11\",\"description\":\"\\u001b[31m\"," + OFFER_FIELDS + "}", 400, "escape character"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p12\",\"communeCode\":\"75056\"," + OFFER_FIELDS + "}", 400, "duplicate key"),
                send(p, "POST", offered + "/applications", Key.TIERS_LIEU, "{\"project\":{\"$ne\":\"\"}}", 400, "operator as a value"),
                send(p, "POST", offered + "/applications", Key.TIERS_LIEU, "{\"project\":\"\\u0007\"}", 400, "bell character"),
                send(p, "POST", offered + "/applications", Key.TIERS_LIEU, "{\"project\":\"ok\",\"status\":\"RESERVED\"}", 400, "a field the caller may not set"),
                send(p, "POST", offered + "/reservation", Key.NANTES, "{\"applicationId\":{\"$gt\":\"\"}}", 400, "operator as a value"),
                send(p, "POST", offered + "/reservation", Key.NANTES, "{\"applicationId\":\"a\",\"$set\":{\"status\":\"RESERVED\"}}", 400, "operator key"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.NATIONAL, "{\"commitmentId\":\"$inc\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\"}", 400, "operator as an id"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.NATIONAL, "{\"commitmentId\":\"a.b\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\"}", 400, "dotted id"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.NATIONAL, "{\"commitmentId\":\"" + HOSTILE + "c1\",\"amountEur\":9223372036854775808,\"purpose\":\"p\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\"}", 400, "beyond a long"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.NATIONAL, "{\"commitmentId\":\"" + HOSTILE + "c2\",\"amountEur\":12.5,\"purpose\":\"p\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\"}", 400, "cents"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.NATIONAL, "{\"commitmentId\":\"" + HOSTILE + "c3\",\"amountEur\":-10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\"}", 400, "negative amount"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.NATIONAL, "{\"commitmentId\":\"" + HOSTILE + "c4\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":{\"$exists\":true}}", 400, "operator as a value"),
                get(p, premises + "?region=%7B%22%24ne%22%3A1%7D", Key.NONE, 400, "operator in a query parameter"),
                get(p, premises + "?communeCode=%24gt", Key.NONE, 400, "operator in a query parameter"),
                get(p, premises + "?minSurfaceM2=99999999999999", Key.NONE, 400, "huge number in a query parameter"),
                get(p, premises + "?availableOn=2027-13-45", Key.NONE, 400, "impossible date in a query parameter"),
                get(p, premises + "?size=100000", Key.NONE, 400, "page too large"),
                get(p, premises + "/corpus-nope", Key.NONE, 404, "unknown id"),
                get(p, "/api/v1/funds/corpus-nope", Key.NATIONAL, 404, "unknown id"),
                get(p, premises + "/$where", Key.NONE, 400, "operator as an id"),
                get(p, premises + "/" + "a".repeat(300), Key.NONE, 400, "id too long"),
                send(p, "POST", premises + "/corpus-nope/withdrawal", Key.NANTES, null, 404, "unknown id"),
                // refused before the write
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "accept\"," + OFFER_FIELDS + "}", 406, "XML only accepted").with("Accept", "application/xml"),
                // roles and tenants
                send(p, "POST", premises, Key.ANALYST, "{\"id\":\"" + HOSTILE + "p13\"," + OFFER_FIELDS + "}", 403, "an analyst writing"),
                send(p, "POST", premises, Key.FABRIQUE, "{\"id\":\"" + HOSTILE + "p14\"," + OFFER_FIELDS + "}", 403, "a Fabrique offering premises"),
                send(p, "POST", premises, Key.NATIONAL, "{\"id\":\"" + HOSTILE + "p15\"," + OFFER_FIELDS + "}", 403, "the national structure offering premises"),
                send(p, "POST", premises, Key.NANTES, "{\"id\":\"" + HOSTILE + "p16\"," + OFFER_FIELDS.replace("44109", "35238") + "}", 403, "an authority outside its territory"),
                send(p, "POST", premises, Key.RENNES, "{\"id\":\"" + HOSTILE + "p17\"," + OFFER_FIELDS + "}", 403, "an authority outside its territory"),
                send(p, "POST", offered + "/withdrawal", Key.RENNES, null, 403, "withdrawing another authority's premises"),
                send(p, "POST", offered + "/applications", Key.ANALYST, "{\"project\":\"Un observatoire\"}", 403, "an analyst applying"),
                send(p, "POST", offered + "/reservation", Key.RENNES, "{\"applicationId\":\"corpus-nope\"}", 403, "reserving another authority's premises"),
                send(p, "POST", "/api/v1/funds/endowment-2019/commitments", Key.ANALYST, "{\"commitmentId\":\"" + HOSTILE + "c5\",\"amountEur\":10,\"purpose\":\"p\",\"thirdPlaceId\":\"" + FABRIQUE_PLACE + "\"}", 403, "an analyst committing funds"),
                send(p, "DELETE", "/api/v1/funds/endowment-2019/commitments/corpus-nope", Key.NANTES, null, 403, "a commune cancelling a commitment"));
    }

    private static List<Attack> reporting() {
        Service r = Service.REPORTING;
        return List.of(
                get(r, "/api/v1/overview?region=%7B%22%24ne%22%3A1%7D", Key.NONE, 400, "operator in a query parameter"),
                get(r, "/api/v1/overview?departement=999", Key.NONE, 400, "unknown département"),
                get(r, "/api/v1/activity?from=2026-13", Key.NONE, 400, "impossible month"),
                get(r, "/api/v1/activity?category=%24where", Key.NONE, 400, "operator as a category"),
                get(r, "/api/v1/activity?from=" + "9".repeat(500), Key.NONE, 400, "huge month"),
                get(r, "/api/v1/monthly-indicators?region=ab", Key.NONE, 400, "not a région"),
                get(r, "/api/v1/overview", Key.WRONG, 401, "a made-up key on a public endpoint"),
                get(r, "/api/v1/overview", Key.REVOKED, 401, "a revoked key on a public endpoint"),
                get(r, "/api/v1/activity/places/" + FABRIQUE_PLACE, Key.NONE, 401, "detail without key"),
                get(r, "/api/v1/activity/places/" + FABRIQUE_PLACE, Key.TIERS_LIEU, 403, "detail for a tiers-lieu"),
                get(r, "/api/v1/activity/places/" + FABRIQUE_PLACE, Key.FABRIQUE, 403, "detail for a Fabrique"),
                get(r, "/api/v1/activity/places/corpus-nope", Key.ANALYST, 404, "unknown id"),
                get(r, "/api/v1/activity/places/$where", Key.ANALYST, 400, "operator as an id"),
                get(r, "/api/v1/activity/places/%20%24where", Key.ANALYST, 400, "encoded operator as an id"),
                send(r, "POST", "/api/v1/admin/rebuild", Key.NONE, null, 401, "rebuild without key"),
                send(r, "POST", "/api/v1/admin/rebuild", Key.ANALYST, null, 403, "an analyst rebuilding"),
                send(r, "POST", "/api/v1/admin/rebuild", Key.FABRIQUE, null, 403, "a Fabrique rebuilding"),
                get(r, "/api/v1/admin/rebuild", Key.NANTES, 403, "a commune reading the rebuild"),
                send(r, "POST", "/api/v1/overview", Key.NONE, "{}", 405, "writing to a read-only endpoint"),
                get(r, "/api/v1/overview", Key.NONE, 406, "XML only accepted").with("Accept", "application/xml"),
                get(r, "/api/v1/exports/third-places.json", Key.NONE, 406, "CSV only accepted on the JSON export").with("Accept", "text/csv"),
                get(r, "/api/v1/exports/..%2F..%2Fpom.xml", Key.NONE, 400, "encoded path out of the exports"),
                get(r, "/api/v1/exports/third-places.csv/../../../pom.xml", Key.NONE, 400, "path out of the exports"),
                get(r, "/static/..%5C..%5Cpom.xml", Key.NONE, 400, "encoded backslashes out of the static files"),
                get(r, "/api/v1/exports/nothing.csv", Key.NONE, 404, "unknown export"));
    }

    // ------------------------------------------------------------------------------------------
    // The run
    // ------------------------------------------------------------------------------------------

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final LaunchedStack stack;
    private final Map<Key, String> keys = new EnumMap<>(Key.class);
    /** Every key sent, valid or not: none may be in a log. */
    private final Set<String> keysSent = new LinkedHashSet<>();
    private Baseline before;

    /** What the APIs count before the corpus: the same afterwards means nothing was stored. */
    private record Baseline(long places, long organisations, long premises, Map<String, Long> committed,
                            long activityReports, long placeVersion, long premisesVersion) {
    }

    AttackCorpusSystemTest(LaunchedStack stack) {
        this.stack = stack;
    }

    @BeforeAll
    void setUpTenants() throws Exception {
        stack.awaitHealthy(Duration.ofSeconds(120));
        keys.put(Key.NATIONAL, stack.nationalKey());
        keys.put(Key.WRONG, "mlg_" + randomToken());

        keys.put(Key.ANALYST, organisation(ANALYST_ORG, "OTHER", "[\"ANALYST\"]", null));
        keys.put(Key.FABRIQUE, organisation(FABRIQUE_ORG, "ASSOCIATION", "[\"FABRIQUE\",\"THIRD_PLACE\"]", null));
        keys.put(Key.TIERS_LIEU, organisation(TIERS_LIEU_ORG, "ASSOCIATION", "[\"THIRD_PLACE\"]", null));
        keys.put(Key.NANTES, organisation(NANTES_ORG, "COMMUNE", "[\"LOCAL_AUTHORITY\"]", "44109"));
        keys.put(Key.RENNES, organisation(RENNES_ORG, "COMMUNE", "[\"LOCAL_AUTHORITY\"]", "35238"));
        keys.put(Key.REVOKED, organisation(REVOKED_ORG, "ASSOCIATION", "[\"THIRD_PLACE\"]", null));
        expect(call(Service.REGISTRY, "POST", "/api/v1/third-places", Key.NATIONAL, "{\"id\":\"" + FABRIQUE_PLACE
                + "\",\"name\":\"Fabrique du corpus\",\"communeCode\":\"44109\",\"operatorId\":\"" + FABRIQUE_ORG + "\"}"), 201);
        expect(call(Service.REGISTRY, "POST", "/api/v1/third-places", Key.NATIONAL, "{\"id\":\"" + OTHER_PLACE
                + "\",\"name\":\"Tiers-lieu du corpus\",\"communeCode\":\"35238\",\"operatorId\":\"" + TIERS_LIEU_ORG + "\"}"), 201);

        // every service learns keys and places from the registry's events: wait until they know them all
        await("every service knows the new keys").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    for (Key key : List.of(Key.ANALYST, Key.FABRIQUE, Key.TIERS_LIEU, Key.NANTES, Key.RENNES, Key.REVOKED)) {
                        for (Service service : Service.values()) {
                            assertThat(knows(service, key)).as("%s knows the %s key", service, key).isTrue();
                        }
                    }
                });
        expect(call(Service.PARTNERSHIP, "POST", "/api/v1/premises", Key.NANTES, "{\"id\":\"" + PREMISES + "\","
                + OFFER_FIELDS + "}"), 201);

        // a key that worked everywhere, revoked through the registry: every service must refuse it within seconds
        String keyId = json.readTree(call(Service.REGISTRY, "GET", "/api/v1/organisations/" + REVOKED_ORG, Key.NATIONAL, null)
                .body()).path("apiKeys").get(0).path("keyId").asString();
        expect(call(Service.REGISTRY, "DELETE", "/api/v1/organisations/" + REVOKED_ORG + "/api-keys/" + keyId,
                Key.NATIONAL, null), 204);
        await("every service refuses the revoked key").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (Service service : Service.values()) {
                        assertThat(knows(service, Key.REVOKED)).as("%s still takes the revoked key", service).isFalse();
                    }
                });
        keysSent.addAll(keys.values());
        before = baseline();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyAttackIsRefusedWithAProblem() {
        return corpus().stream().map(attack -> DynamicTest.dynamicTest(attack.toString(), () -> refused(attack)));
    }

    @Test
    @Order(2)
    void importRowsWithHostileIdsAreEachRejected() throws Exception {
        String csv = "ID,NOM_TL,ADRESSE,CP,COMINIT,INSEECOM,NOMCOM,TYPO,LAT,LONG\n"
                + Stream.of("../../etc/passwd", "..%2F..%2Fetc", "$where", "a.b", "{\"$gt\":\"\"}")
                .map(id -> "\"" + id.replace("\"", "\"\"") + "\",Tiers-lieu hostile,1 rue A,44000,Nantes,44109,Nantes,,,")
                .collect(Collectors.joining("\n")) + "\n";
        HttpResponse<String> answer = send(new Attack(Service.REGISTRY, "POST", "/api/v1/imports?format=cget-2019",
                Key.NATIONAL, "text/csv", csv, Map.of(), 200, "hostile ids"));
        assertThat(answer.statusCode()).as("import: %s", answer.body()).isEqualTo(200);
        JsonNode result = json.readTree(answer.body());
        assertThat(result.path("imported").asLong()).as("imported in %s", answer.body()).isZero();
        assertThat(result.path("updated").asLong()).as("updated in %s", answer.body()).isZero();
        assertThat(result.path("rejected").size()).as("rejected rows in %s", answer.body()).isEqualTo(5);
    }

    @Test
    @Order(3)
    void nothingTheAttacksTriedWasStored() throws Exception {
        Baseline after = baseline();
        assertThat(after).as("counts and versions after the corpus").isEqualTo(before);

        for (String path : List.of("/api/v1/third-places/" + HOSTILE + "accept", "/api/v1/third-places/" + HOSTILE + "18",
                "/api/v1/third-places/" + HOSTILE + "19", "/api/v1/organisations/" + HOSTILE + "org3",
                "/api/v1/organisations/" + HOSTILE + "org4", "/api/v1/facilitators/" + HOSTILE + "f1")) {
            assertThat(call(Service.REGISTRY, "GET", path, Key.NATIONAL, null).statusCode()).as(path).isEqualTo(404);
        }
        for (String id : List.of("accept", "p13", "p14", "p15", "p16", "p17")) {
            assertThat(call(Service.PARTNERSHIP, "GET", "/api/v1/premises/" + HOSTILE + id, Key.NONE, null).statusCode())
                    .as("premises %s", HOSTILE + id).isEqualTo(404);
        }
        HttpResponse<String> applications = call(Service.PARTNERSHIP, "GET", "/api/v1/premises/" + PREMISES + "/applications",
                Key.NANTES, null);
        assertThat(json.readTree(applications.body()).path("total").asInt()).as("applications: %s", applications.body()).isZero();
        assertThat(json.readTree(applications.body()).path("items").size()).as("applications: %s", applications.body()).isZero();

        // no stored document has a field named like an operator or a path
        for (HttpResponse<String> list : List.of(
                call(Service.REGISTRY, "GET", "/api/v1/third-places?size=200", Key.NATIONAL, null),
                call(Service.REGISTRY, "GET", "/api/v1/organisations?size=200", Key.NATIONAL, null),
                call(Service.PARTNERSHIP, "GET", "/api/v1/premises?size=200", Key.NONE, null),
                call(Service.PARTNERSHIP, "GET", "/api/v1/funds", Key.NATIONAL, null),
                call(Service.REPORTING, "GET", "/api/v1/exports/third-places.json", Key.NONE, null))) {
            assertThat(list.statusCode()).as(list.uri().toString()).isEqualTo(200);
            assertThat(hostileFieldNames(json.readTree(list.body()))).as("field names in %s", list.uri()).isEmpty();
            assertThat(list.body()).as(list.uri().toString()).doesNotContain(HOSTILE, "$gt", "$ne", "$where", "../");
        }

        // activity: the report ids of the refused batches were not taken, and only these reports are counted
        List<String> ids = new ArrayList<>(HOSTILE_REPORTS);
        ids.add("corpus-sentinel");
        HttpResponse<String> published = call(Service.ACTIVITY, "POST", "/api/v1/activity-reports", Key.FABRIQUE,
                reports(ids.stream().map(id -> report(id, FABRIQUE_PLACE)).toArray(String[]::new)));
        assertThat(published.statusCode()).as("legitimate batch: %s", published.body()).isEqualTo(202);
        for (JsonNode result : json.readTree(published.body()).path("results")) {
            assertThat(result.path("status").asString()).as("result %s", result).isEqualTo("ACCEPTED");
        }
        await("the reporting service counts exactly the legitimate reports").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(activityReports()).isEqualTo(before.activityReports() + ids.size()));
    }

    @Test
    @Order(4)
    void noKeyIsInAnyLog() throws IOException {
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(stack.logs())) {
            files.filter(Files::isRegularFile).forEach(logs::add);
        }
        try (Stream<Path> files = Files.list(LaunchedStack.MODULE.resolve("target"))) {
            files.filter(f -> f.getFileName().toString().matches("stack-.*\\.log")).forEach(logs::add);
        }
        assertThat(logs).as("log files of the stack").isNotEmpty();
        for (Path log : logs) {
            String text = Files.readString(log, ISO_8859_1); // any bytes; keys are ASCII
            for (String key : keysSent) {
                assertThat(text.contains(key)).as("a key (%s…) is in %s", key.substring(0, 8), log).isFalse();
            }
        }
    }

    // ------------------------------------------------------------------------------------------

    private void refused(Attack attack) throws Exception {
        HttpResponse<String> answer = send(attack);
        int status = answer.statusCode();
        String body = answer.body();
        assertThat(status).as("status of %s; body: %s", attack, body).isBetween(400, 499);
        if (attack.status() != ANY_4XX) {
            assertThat(status).as("status of %s; body: %s", attack, body).isEqualTo(attack.status());
        }
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as("Content-Type of %s; body: %s", attack, body)
                .startsWith("application/problem+json");
        JsonNode problem = json.readTree(body);
        assertThat(problem.path("title").asString()).as("title in %s", body).isNotBlank();
        assertThat(problem.path("status").asInt()).as("status in %s", body).isEqualTo(status);
        assertThat(problem.path("detail").asString()).as("detail in %s", body).isNotBlank();
        assertThat(body).as("a stack trace in %s", body).doesNotContain("\tat ", "at fr.", "at org.", "at java.", "Exception");
        for (String key : keysSent) {
            assertThat(body).as("the answer repeats a key").doesNotContain(key);
        }
    }

    private HttpResponse<String> send(Attack attack) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + attack.service().port + attack.path()))
                .timeout(Duration.ofSeconds(30))
                .method(attack.method(), attack.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(attack.body()));
        if (attack.key() != Key.NONE) {
            request.header("Authorization", "Bearer " + keys.get(attack.key()));
        }
        if (attack.contentType() != null) {
            request.header("Content-Type", attack.contentType());
        }
        attack.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(Service service, String method, String path, Key key, String jsonBody)
            throws IOException, InterruptedException {
        return send(send(service, method, path, key, jsonBody, 0, "setup"));
    }

    private static HttpResponse<String> expect(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as("%s %s: %s", answer.request().method(), answer.uri(), answer.body()).isEqualTo(status);
        return answer;
    }

    /** Registers an organisation and returns a new key of it. */
    private String organisation(String id, String kind, String roles, String commune) throws Exception {
        String territory = commune == null ? "" : ",\"territory\":{\"level\":\"COMMUNE\",\"code\":\"" + commune + "\"}";
        expect(call(Service.REGISTRY, "POST", "/api/v1/organisations", Key.NATIONAL, "{\"id\":\"" + id
                + "\",\"name\":\"Corpus " + id + "\",\"kind\":\"" + kind + "\",\"roles\":" + roles + territory + "}"), 201);
        HttpResponse<String> issued = expect(call(Service.REGISTRY, "POST", "/api/v1/organisations/" + id + "/api-keys",
                Key.NATIONAL, null), 201);
        return json.readTree(issued.body()).path("apiKey").asString();
    }

    /** Whether a service takes the key: anything but 401 on a request that needs one and changes nothing. */
    private boolean knows(Service service, Key key) throws IOException, InterruptedException {
        HttpResponse<String> answer = switch (service) {
            case REGISTRY -> call(service, "GET", "/api/v1/third-places?size=1", key, null);
            case ACTIVITY -> call(service, "POST", "/api/v1/activity-reports", key, "{\"reports\":[]}");
            case PARTNERSHIP -> call(service, "GET", "/api/v1/funds", key, null);
            case REPORTING -> call(service, "GET", "/api/v1/overview", key, null);
        };
        return answer.statusCode() != 401;
    }

    private Baseline baseline() throws Exception {
        Function<HttpResponse<String>, Long> total = answer -> json.readTree(answer.body()).path("total").asLong();
        Map<String, Long> committed = new LinkedHashMap<>();
        for (JsonNode fund : json.readTree(call(Service.PARTNERSHIP, "GET", "/api/v1/funds", Key.NATIONAL, null).body())) {
            committed.put(fund.path("id").asString(), fund.path("committedEur").asLong());
        }
        return new Baseline(
                total.apply(expect(call(Service.REGISTRY, "GET", "/api/v1/third-places?size=1", Key.NATIONAL, null), 200)),
                total.apply(expect(call(Service.REGISTRY, "GET", "/api/v1/organisations?size=1", Key.NATIONAL, null), 200)),
                total.apply(expect(call(Service.PARTNERSHIP, "GET", "/api/v1/premises?size=1", Key.NONE, null), 200)),
                committed,
                activityReports(),
                json.readTree(call(Service.REGISTRY, "GET", "/api/v1/third-places/" + FABRIQUE_PLACE, Key.NATIONAL, null)
                        .body()).path("version").asLong(),
                json.readTree(call(Service.PARTNERSHIP, "GET", "/api/v1/premises/" + PREMISES, Key.NONE, null)
                        .body()).path("version").asLong());
    }

    private long activityReports() throws IOException, InterruptedException {
        HttpResponse<String> activity = expect(call(Service.REPORTING, "GET", "/api/v1/activity", Key.NONE, null), 200);
        return json.readTree(activity.body()).path("reports").asLong();
    }

    /** Field names anywhere in a document that start with '$' or hold a '.'. */
    private static List<String> hostileFieldNames(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().startsWith("$") || field.getKey().contains(".")) {
                    found.add(field.getKey());
                }
                found.addAll(hostileFieldNames(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(child -> found.addAll(hostileFieldNames(child)));
        }
        return found;
    }

    private static String randomToken() {
        byte[] bytes = new byte[30];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
