package fr.maillage.security;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every kind of bad input gets a 4xx problem+json that names what is wrong, never a 500. */
@SpringBootTest(properties = "maillage.registry-replica.enabled=false")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class ProblemHandlerTest {

    static final String KEY = "mlg_test-key";

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = fr.maillage.messaging.MessagingAutoConfiguration.class)
    @Import({SampleController.class, PlainController.class})
    static class Config {
        @Bean
        CallerDirectory directory() {
            return hash -> hash.equals(ApiKeys.hash(KEY))
                    ? Optional.of(new Caller("org-1", "k1", Set.of(Role.FABRIQUE), null, null)) : Optional.empty();
        }
    }

    record Sample(@NotBlank String name, @Max(10) Integer count, LocalDate day) {
    }

    record Tagged(Set<String> tags) {
        Tagged {
            tags = tags == null ? Set.of() : Set.copyOf(tags);
        }
    }

    record Figures(double hours, Boolean certified, Integer count, List<String> tags, java.math.BigDecimal share) {
    }

    @RestController
    @Validated
    static class SampleController {
        static final AtomicInteger CREATED = new AtomicInteger();

        @PostMapping("/samples")
        String create(Caller caller, @Valid @RequestBody Sample sample) {
            CREATED.incrementAndGet();
            return "ok";
        }

        @GetMapping("/samples/{id}")
        String read(Caller caller, @PathVariable @Pattern(regexp = "^[a-z0-9-]{1,20}$") String id,
                    @RequestParam(defaultValue = "0") @Max(100) int page) {
            return "ok";
        }

        @GetMapping("/api/v1/samples.csv")
        @LinkedFile
        String export(Caller caller) {
            return "a;b";
        }

        @GetMapping("/api/v1/samples/summary")
        String summary(Caller caller) {
            return "a;b";
        }

        @GetMapping("/api/v1/samples")
        String list(Caller caller, @RequestParam(defaultValue = "0") int page,
                    @RequestParam(required = false) String region) {
            return "ok";
        }

        @PostMapping("/figures")
        String figures(Caller caller, @RequestBody Figures figures) {
            return figures.hours() + "/" + figures.certified() + "/" + figures.count() + "/" + figures.tags() + "/"
                    + figures.share();
        }

        @PostMapping("/tagged")
        String tagged(Caller caller, @RequestBody Tagged tagged) {
            return String.join(",", tagged.tags());
        }

        @PostMapping("/national-only")
        String nationalOnly(Caller caller) {
            caller.requireAny(Role.NATIONAL);
            return "ok";
        }
    }

    /** Without {@code @Validated}: Spring MVC validates the body and the parameters together. */
    @RestController
    static class PlainController {
        @PostMapping("/plain/{id}")
        String create(Caller caller, @PathVariable @Pattern(regexp = "^[a-z0-9-]{1,20}$") String id,
                      @Valid @RequestBody Sample sample) {
            return "ok";
        }

        @GetMapping("/store-down")
        String storeDown(Caller caller) {
            throw new MongoTimeoutException("Timed out while waiting for a server");
        }

        /** What a request meets when the store went away after it chose the server: the pool was cleared. */
        @GetMapping("/store-gone")
        String storeGone(Caller caller) {
            ServerAddress address = new ServerAddress();
            throw new MongoConnectionPoolClearedException(new ServerId(new ClusterId(), address),
                    new MongoSocketOpenException("Connection refused", address));
        }

        /** Written on the primary, not acknowledged by the replica set in time: a bulk insertion of an import. */
        @GetMapping("/store-not-replicated")
        String storeNotReplicated(Caller caller) {
            throw new MongoBulkWriteException(BulkWriteResult.unacknowledged(), List.of(),
                    new WriteConcernError(64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument()),
                    new ServerAddress(), java.util.Set.of());
        }

        /** A refusal by the store (here a command it rejects) is not an outage: retrying would not help. */
        @GetMapping("/store-refused")
        String storeRefused(Caller caller) {
            throw new MongoCommandException(new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(2))
                    .append("errmsg", new BsonString("bad value")), new ServerAddress());
        }

        /** An export's writer wraps the servlet's I/O error when the client cancels the download half-way. */
        @GetMapping("/download")
        void cancelledDownload(Caller caller, HttpServletResponse response) throws IOException {
            response.setContentType("text/csv");
            response.getWriter().write("a;b\n");
            response.flushBuffer();
            throw new UncheckedIOException(new IOException("Broken pipe"));
        }
    }

    @Autowired
    MockMvc mvc;

    private ResultActions postSample(String json) throws Exception {
        return mvc.perform(post("/samples").header("Authorization", "Bearer " + KEY)
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    @Test
    void aClientThatWentAwayIsNeitherAnErrorNorA500(CapturedOutput output) throws Exception {
        mvc.perform(get("/download").header("Authorization", "Bearer " + KEY))
                .andExpect(result -> assertThat(result.getResponse().getStatus()).isNotEqualTo(500))
                .andExpect(content().string("a;b\n"));
        assertThat(output.getAll()).doesNotContain("Unexpected error");
    }

    @Test
    void anApiEndpointRefusesAQueryParameterItDoesNotTake() throws Exception {
        mvc.perform(get("/api/v1/samples?region=52&page=1").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk());
        // misspelt, the filter would be ignored and the unfiltered answer taken for a filtered one
        mvc.perform(get("/api/v1/samples?regoin=52").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("regoin"))
                .andExpect(jsonPath("$.detail").value("regoin: is not a parameter of this endpoint; it takes page, region"));
        mvc.perform(get(URI.create("/api/v1/samples?region%5B%24ne%5D=1")).header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("region[$ne]"));
        mvc.perform(get("/samples/abc?utm_source=lettre").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk()); // not under /api/
        mvc.perform(get("/api/v1/samples.csv?utm_source=lettre").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk()); // a linked file: links carry such parameters
        mvc.perform(get("/api/v1/samples/summary?region=52").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest()) // a filter its siblings take, which would be ignored here
                .andExpect(jsonPath("$.detail").value("region: is not a parameter of this endpoint; it takes none"));
        mvc.perform(options("/api/v1/samples?size=1").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk());
        mvc.perform(options("/api/v1/samples")).andExpect(status().isOk()) // no key: the methods only, no data
                .andExpect(header().string("Allow", org.hamcrest.Matchers.containsString("GET")));
    }

    @Test
    void aParameterGivenTwiceIsRefusedRatherThanHalfApplied() throws Exception {
        // Spring would keep the first page and join the regions as "52,11": neither is what was asked
        mvc.perform(get("/api/v1/samples?page=1&page=2").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("page"))
                .andExpect(jsonPath("$.detail").value("page: is given more than once; give it once (it takes one value)"));
        mvc.perform(get("/api/v1/samples?region=52&page=1&region=11").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("region"));
        mvc.perform(get("/api/v1/samples.csv?utm_source=a&utm_source=b").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isOk()); // a linked file is not checked
    }

    @Test
    void anExtraPropertyCannotTakeTheNameOfAProblemMember() {
        // the member would be written twice, e.g. "status": 409 and "status": {…} in one object
        assertThatIllegalArgumentException().isThrownBy(() ->
                        ApiException.conflict("busy", Map.of("status", "RUNNING")))
                .withMessageContaining("'status'");
        assertThat(ApiException.conflict("busy", Map.of("rebuild", "RUNNING")).properties())
                .containsEntry("rebuild", "RUNNING");
    }

    @Test
    void aValidRequestPasses() throws Exception {
        postSample("{\"name\":\"Atelier\",\"count\":3,\"day\":\"2026-11-29\"}").andExpect(status().isOk());
    }

    @Test
    void operatorInjectionIsAWrongType() throws Exception {
        postSample("{\"name\":{\"$gt\":\"\"}}").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void aDollarKeyIsAnUnknownField() throws Exception {
        postSample("{\"name\":\"x\",\"$where\":\"1\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("$where"));
    }

    @Test
    void anImpossibleDateNamesItsField() throws Exception {
        postSample("{\"name\":\"x\",\"day\":\"2027-02-31\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("day"));
    }

    @Test
    void aDecimalIsNotSilentlyTruncated() throws Exception {
        postSample("{\"name\":\"x\",\"count\":2.5}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("count"));
    }

    @Test
    void aHugeNumberIsRefused() throws Exception {
        postSample("{\"name\":\"x\",\"count\":123456789012345678901234567890}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("count"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number between -2147483648 and 2147483647"));
    }

    @Test
    void aBodyValidatedWithItsParametersNamesTheBodyFieldsAndTheParameters() throws Exception {
        mvc.perform(post("/plain/$where").header("Authorization", "Bearer " + KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"count\":11}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors.length()").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("count"))
                .andExpect(jsonPath("$.errors[1].field").value("id"))
                .andExpect(jsonPath("$.errors[2].field").value("name"));
    }

    @Test
    void anUnreachableStoreIs503WithRetryAfter() throws Exception {
        mvc.perform(get("/store-down").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.title").value("Service unavailable"));
    }

    @Test
    void onlyJsonBodiesAreRead_yamlOrXmlIs415AndNothingIsCreated() throws Exception {
        int before = SampleController.CREATED.get();
        for (String type : List.of("application/yaml", "application/x-yaml", "application/xml", "text/xml",
                "application/cbor", "application/x-jackson-smile")) {
            mvc.perform(post("/samples").header("Authorization", "Bearer " + KEY).contentType(type)
                            .content("name: x\ncount: 3.9\n"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        assertThat(SampleController.CREATED.get()).isEqualTo(before);
    }

    @Test
    void parserAndConstructorRefusalsAreToldWithoutJavaNamesOrParserSettings() throws Exception {
        for (String body : List.of("{\"name\":\"x\",\"count\":NaN}", "{\"name\":\"x\",\"count\":+1}",
                "/*c*/{\"name\":\"x\"}")) {
            postSample(body).andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                            org.hamcrest.Matchers.containsString("not allowed in JSON"),
                            org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Feature")),
                            org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("enable")))));
        }
        mvc.perform(post("/tagged").header("Authorization", "Bearer " + KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tags\":[null]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[0].field").value("body"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("null"),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("java.")),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("fr.maillage")),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("construct")))));
    }

    @Test
    void aNameOfInvisibleCharactersIsBlank() throws Exception {
        int before = SampleController.CREATED.get();
        for (String blank : List.of("\\u00a0", "\\u200b", "\\u3000", " \\u00a0\\u2007 ", "\\ufeff")) {
            postSample("{\"name\":\"" + blank + "\"}").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("name"))
                    .andExpect(jsonPath("$.errors[0].message").value("must not be blank"));
        }
        assertThat(SampleController.CREATED.get()).isEqualTo(before);
        postSample("{\"name\":\"\\u00a0Café\"}").andExpect(status().isOk());
    }

    @Test
    void aBodySentToAnEndpointThatTakesNoneIsRefused() throws Exception {
        for (String type : List.of("application/json", "application/xml", "text/plain")) {
            mvc.perform(post("/national-only").header("Authorization", "Bearer " + KEY).contentType(type)
                            .content("{\"reason\":\"bogus\""))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("takes no body")));
        }
        mvc.perform(post("/national-only").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isForbidden()); // without a body, on to what the endpoint checks
        mvc.perform(post("/national-only").header("Authorization", "Bearer " + KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(" { } "))
                .andExpect(status().isForbidden()); // an empty object says nothing
    }

    @Test
    void aDateIsAnIsoStringOnly() throws Exception {
        for (String day : List.of("[2026,12,15]", "\"+002026-02-03\"", "20261215", "\"2026-02-30\"", "\"15/12/2026\"",
                "{\"year\":2026}")) {
            postSample("{\"name\":\"x\",\"day\":" + day + "}").andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                    .andExpect(jsonPath("$.errors[0].field").value("day"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be an ISO date (yyyy-mm-dd)"));
        }
        postSample("{\"name\":\"x\",\"day\":\"2026-12-15\"}").andExpect(status().isOk());
        postSample("{\"name\":\"x\",\"day\":null}").andExpect(status().isOk());
    }

    @Test
    void aStoreThatWentAwayMidRequestIs503WithRetryAfter() throws Exception {
        mvc.perform(get("/store-gone").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.title").value("Service unavailable"));
    }

    @Test
    void writesTheReplicaSetDidNotAcknowledgeInTimeAre503WithRetryAfter() throws Exception {
        mvc.perform(get("/store-not-replicated").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"));
    }

    @Test
    void aStoreThatRefusesACommandIsNotCalledUnavailable() throws Exception {
        mvc.perform(get("/store-refused").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(header().doesNotExist("Retry-After"))
                .andExpect(jsonPath("$.title").value("Unexpected error"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("bad value"))));
    }

    @Test
    void malformedJsonSaysWhereAndWhatWithoutTheParsersInternals() throws Exception {
        postSample("{\"name\":\"x\",\n \"day\":\"2026-12-15\"")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Malformed JSON"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The body is not well-formed JSON at line 2, column ")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.endsWith(
                        ": Unexpected end-of-input: expected close marker for Object")));
    }

    @Test
    void aParserLimitIsExplainedWithoutItsJavaNames() throws Exception {
        postSample("{\"name\":\"x\",\"count\":" + "9".repeat(2000) + "}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("StreamReadConstraints"))));
        postSample("{\"name\":\"x\",\"day\":\"29/11/2026\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("must be an ISO date (yyyy-mm-dd)"));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefusedNotConverted() throws Exception {
        postSample("{\"name\":\"x\",\"count\":\"3\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("count"));
        postSample("{\"name\":12}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        postSample("{\"name\":true}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        postSample("{\"name\":\"x\",\"day\":20260101}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("day"));
        postSample("{\"name\":\"x\",\"day\":\"2026-11-29T00:00:00Z\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("day"));
    }

    @Test
    void theStrictReadingStillTakesWhatJsonMeans() throws Exception {
        mvc.perform(post("/figures").header("Authorization", "Bearer " + KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"hours\":3,\"certified\":true,\"count\":null,\"tags\":[],\"share\":1}"))
                .andExpect(status().isOk())
                .andExpect(content().string("3.0/true/null/[]/1"));
    }

    @Test
    void aRequestWithoutABodyIsNotJudgedByItsContentType() throws Exception {
        mvc.perform(get("/samples/ok").header("Authorization", "Bearer " + KEY).header("Content-Type", "*/*"))
                .andExpect(status().isOk());
    }

    @Test
    void malformedJsonIsRefused() throws Exception {
        postSample("{\"name\":").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void validationErrorsNameEachField() throws Exception {
        postSample("{\"name\":\"\",\"count\":11}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("count"))
                .andExpect(jsonPath("$.errors[1].field").value("name"));
    }

    @Test
    void badPathAndQueryParametersAre400NotA500() throws Exception {
        mvc.perform(get("/samples/$where").header("Authorization", "Bearer " + KEY)).andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/samples/ok?page=1000").header("Authorization", "Bearer " + KEY)).andExpect(status().isBadRequest());
        mvc.perform(get("/samples/ok?page=abc").header("Authorization", "Bearer " + KEY)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"));
        // decimal only: Spring would read 0x14 as 20
        mvc.perform(get("/samples/ok?page=0x14").header("Authorization", "Bearer " + KEY)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
        // a whole number too large for its type is told the parameter's own bound, not that it is no number
        mvc.perform(get("/samples/ok?page=99999999999").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("must be less than or equal to 100"));
        mvc.perform(get("/samples/ok?page=7").header("Authorization", "Bearer " + KEY)).andExpect(status().isOk());
        // a blank value is no number either, not an absent filter
        mvc.perform(get("/samples/ok?page=%20").header("Authorization", "Bearer " + KEY)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("page"));
    }

    @Test
    void keysAndRoles() throws Exception {
        mvc.perform(get("/samples/ok")).andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/samples/ok").header("Authorization", "Bearer mlg_revoked")).andExpect(status().isUnauthorized());
        mvc.perform(get("/samples/ok").header("Authorization", "Basic abc")).andExpect(status().isUnauthorized());
        mvc.perform(post("/national-only").header("Authorization", "Bearer " + KEY)).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void aWildcardContentTypeIs415AndWritesNothing() throws Exception {
        int before = SampleController.CREATED.get();
        for (String type : List.of("*/*", "application/*", "text/*", "not a type")) {
            mvc.perform(post("/samples").header("Authorization", "Bearer " + KEY).header("Content-Type", type)
                            .content("{\"name\":\"Atelier\"}"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
        assertThat(SampleController.CREATED.get()).isEqualTo(before);
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndOneKeyIsSent() throws Exception {
        mvc.perform(get("/samples/ok").header("Authorization", "bearer " + KEY)).andExpect(status().isOk());
        mvc.perform(get("/samples/ok").header("Authorization", "Bearer " + KEY, "Bearer mlg_other"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        mvc.perform(post("/samples").header("Authorization", "Bearer " + KEY).contentType(MediaType.TEXT_PLAIN)
                .content("name=x")).andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void aWriteWhoseAnswerCannotBeJsonIsRefusedBeforeItRuns() throws Exception {
        int before = SampleController.CREATED.get();
        mvc.perform(post("/samples").header("Authorization", "Bearer " + KEY).contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_XML).content("{\"name\":\"Atelier\"}"))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        assertThat(SampleController.CREATED.get()).as("the write did not run").isEqualTo(before);
        mvc.perform(post("/samples").header("Authorization", "Bearer " + KEY).contentType(MediaType.APPLICATION_JSON)
                .header("Accept", "application/problem+json, */*;q=0.1").content("{\"name\":\"Atelier\"}"))
                .andExpect(status().isOk());
    }

    @Test
    void pathsThatNeedDecodingOrNormalisingAreRefusedBeforeAnyCheck() throws Exception {
        for (String path : List.of("/%61ctuator/metrics", "/actuator/health/../metrics", "/actuator/health/..;/metrics",
                "/samples/ok;x=1", "/samples//ok", "/samples/./ok", "/samples/%2e%2e")) {
            mvc.perform(get(URI.create(path)).header("Authorization", "Bearer " + KEY))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        }
    }

    @Test
    void onlyHealthAndItsProbesArePublic() throws Exception {
        mvc.perform(get("/actuator/health/mongo")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/health/readiness/x").header("Authorization", "Bearer " + KEY))
                .andExpect(status().isForbidden());
    }

    @Test
    void theErrorPageIsAProblemWithoutKey() throws Exception {
        mvc.perform(get("/error")).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/error").header("Authorization", "Bearer " + KEY)).andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }
}
