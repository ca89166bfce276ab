package fr.maillage.events;

import com.networknt.schema.Error;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract: every event type has a committed JSON Schema, its record serialises to JSON that
 * validates against it and reads back equal, and no schema changed incompatibly since it was
 * released (released copies live in src/test/resources/released-schemas).
 */
class ContractTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static Stream<EventType<?>> types() {
        return Contracts.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyTypeSerialisesToJsonThatFollowsItsSchema(EventType<?> type) throws IOException {
        Object sample = ContractSamples.SAMPLES.get(type);
        assertThat(sample).as("a sample payload for %s", type.ceType()).isNotNull();

        String json = new String(EventJson.write(sample), StandardCharsets.UTF_8);
        List<Error> errors = schemaOf(type).validate(json, InputFormat.JSON);

        assertThat(errors).as("%s against %s", json, type.schemaResource()).isEmpty();
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8), type.payloadType()))
                .usingRecursiveComparison().isEqualTo(sample);
    }

    /** What the outboxes rely on: the payload alone names its type, so no producer keeps a table of its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void everyPayloadRecordIsCarriedByItsOwnType(EventType<?> type) {
        assertThat(Contracts.ofPayload(ContractSamples.SAMPLES.get(type))).isSameAs(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void schemaRejectsAPayloadMissingARequiredField(EventType<?> type) throws IOException {
        JsonNode schema = EventJson.mapper().readTree(resource(type.schemaResource()));
        String firstRequired = schema.get("required").get(0).asString();
        var payload = (tools.jackson.databind.node.ObjectNode) EventJson.mapper()
                .valueToTree(ContractSamples.SAMPLES.get(type));
        payload.remove(firstRequired);

        assertThat(schemaOf(type).validate(payload.toString(), InputFormat.JSON)).isNotEmpty();
    }

    /** The samples are the catalogue's examples: an event's version is the version of the state it carries. */
    @Test
    void eachSampleCarriesTheStateOfItsOwnVersion() {
        ContractSamples.SAMPLES.forEach((type, sample) -> {
            JsonNode payload = EventJson.mapper().valueToTree(sample);
            payload.properties().forEach(field -> {
                if (field.getValue().isObject() && field.getValue().has("version")) {
                    assertThat(field.getValue().get("version").asLong()).as("%s: %s.version", type.ceType(), field.getKey())
                            .isEqualTo(payload.get("version").asLong());
                }
            });
        });
    }

    /** A correction sent on a publisher's behalf names its sender; the publisher's own revision has no such field. */
    @Test
    void anActivityReportCorrectedOnAPublishersBehalfNamesItsSenderAndOnlyThen() throws IOException {
        ActivityReportPublished own = (ActivityReportPublished) ContractSamples.SAMPLES.get(ActivityEvents.REPORT_PUBLISHED);
        ActivityReportPublished corrected = new ActivityReportPublished(own.publisherId(), own.reportId(), own.revision() + 1,
                own.thirdPlaceId(), own.date(), own.category(), 4, own.hours(), own.audiences(), own.region(),
                own.departement(), own.networkFabriqueId(), own.publishedAt(), "org-national");

        String ownJson = new String(EventJson.write(own), StandardCharsets.UTF_8);
        String correctedJson = new String(EventJson.write(corrected), StandardCharsets.UTF_8);

        assertThat(ownJson).doesNotContain("correctedBy");
        assertThat(schemaOf(ActivityEvents.REPORT_PUBLISHED).validate(correctedJson, InputFormat.JSON)).isEmpty();
        assertThat(EventJson.read(correctedJson.getBytes(StandardCharsets.UTF_8), ActivityReportPublished.class)
                .correctedBy()).isEqualTo("org-national");
        assertThat(EventJson.read(ownJson.getBytes(StandardCharsets.UTF_8), ActivityReportPublished.class)
                .correctedBy()).isNull();
    }

    @Test
    void eventTypesFollowTheNamingRule() {
        Set<String> seen = new HashSet<>();
        for (EventType<?> type : Contracts.ALL) {
            assertThat(type.ceType()).matches("fr\\.maillage\\.[a-z]+\\.[a-z-]+\\.[a-z-]+\\.v\\d+");
            assertThat(seen.add(type.ceType())).as("unique %s", type.ceType()).isTrue();
        }
    }

    @Test
    void noReleasedSchemaChangedIncompatibly() throws IOException {
        List<String> breaks = new ArrayList<>();
        for (EventType<?> type : Contracts.ALL) {
            String released = "/released-schemas" + type.schemaResource().substring("/schemas".length());
            try (InputStream in = ContractTest.class.getResourceAsStream(released)) {
                if (in == null) {
                    // a type is released once a service publishes it: its schema is copied there with it
                    breaks.add(type.ceType() + ": no released copy of its schema in src/test/resources" + released);
                    continue;
                }
                JsonNode before = EventJson.mapper().readTree(in);
                JsonNode now = EventJson.mapper().readTree(resource(type.schemaResource()));
                SchemaCompatibility.compare(type.ceType(), before, now, breaks);
            }
        }
        assertThat(breaks).isEmpty();
    }

    /** A released type never leaves the contracts unnoticed: it is current, or listed as retired. */
    @Test
    void everyReleasedSchemaIsACurrentTypesOrARetiredOnes() throws Exception {
        Path root = Path.of(ContractTest.class.getResource("/released-schemas").toURI());
        Set<String> known = new HashSet<>();
        Contracts.ALL.forEach(type -> known.add(type.schemaResource().substring("/schemas/".length())));
        Contracts.RETIRED.forEach(retired -> {
            assertThat(known.add(retired.releasedSchema())).as("retired and current: %s", retired.ceType()).isTrue();
            assertThat(Contracts.byCeType(retired.ceType())).as("retired yet current: %s", retired.ceType()).isEmpty();
        });
        try (var files = Files.walk(root)) {
            List<String> released = files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/')).toList();
            assertThat(known).as("every current or retired type has a released copy").containsExactlyInAnyOrderElementsOf(released);
        }
    }

    @Test
    void envelopeRoundTripsThroughHeaders() {
        Object sample = ContractSamples.SAMPLES.get(fr.maillage.events.registry.RegistryEvents.THIRD_PLACE_REGISTERED);
        CloudEvent event = EventJson.toCloudEvent(fr.maillage.events.registry.RegistryEvents.THIRD_PLACE_REGISTERED,
                UUID.fromString("5f0c1a7e-0000-4000-8000-000000000001"), "tl-1", ContractSamples.AT,
                (fr.maillage.events.registry.ThirdPlaceRegistered) sample);

        Map<String, String> headers = event.headers();

        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "5f0c1a7e-0000-4000-8000-000000000001")
                .containsEntry("ce_source", "/maillage/registry")
                .containsEntry("ce_type", "fr.maillage.registry.third-place.registered.v1")
                .containsEntry("ce_subject", "tl-1")
                .containsEntry("ce_time", "2026-11-29T10:15:00Z")
                .containsEntry("ce_dataschema", "urn:maillage:schema:registry.third-place.registered:1")
                .containsEntry("content-type", "application/json");
        assertThat(headers.keySet()).noneMatch(name -> name.startsWith("ce-"));
        CloudEvent back = CloudEvent.fromHeaders(headers, event.data());
        assertThat(back).usingRecursiveComparison().isEqualTo(event);
    }

    @Test
    void monthlyIndicatorsOutsideTheirSchemasBoundsAreMalformedForTheirReaders() {
        String valid = "{\"publisherId\":\"org-1\",\"reportId\":\"mi-1\",\"revision\":0,\"thirdPlaceId\":\"tl-1\","
                + "\"month\":\"2026-10\",\"members\":12,\"ownRevenueShare\":0.4,\"region\":\"52\","
                + "\"publishedAt\":\"2026-11-01T00:00:00Z\"}";
        assertThat(EventJson.read(valid.getBytes(StandardCharsets.UTF_8),
                fr.maillage.events.activity.MonthlyIndicatorsPublished.class).members()).isEqualTo(12);
        for (String hostile : List.of(valid.replace("\"members\":12", "\"members\":-1000"),
                valid.replace("0.4", "1.5"), valid.replace("\"members\":12", "\"staffFte\":-2.5"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.read(hostile.getBytes(StandardCharsets.UTF_8),
                            fr.maillage.events.activity.MonthlyIndicatorsPublished.class))
                    .as(hostile).isInstanceOf(MalformedEventException.class);
        }
    }

    @Test
    void anActivityReportWhoseRegionOrCategoryCouldNotNameACounterIsMalformed() {
        String valid = "{\"publisherId\":\"org-1\",\"reportId\":\"r-1\",\"revision\":1,\"thirdPlaceId\":\"tl-1\","
                + "\"date\":\"2026-10-02\",\"category\":\"WORKSHOP\",\"participants\":12,\"hours\":2.5,"
                + "\"audiences\":[],\"region\":\"52\",\"publishedAt\":\"2026-11-01T00:00:00Z\"}";
        var read = EventJson.read(valid.getBytes(StandardCharsets.UTF_8),
                fr.maillage.events.activity.ActivityReportPublished.class);
        assertThat(read.region()).isEqualTo("52");
        assertThat(EventJson.read(valid.replace("\"hours\":2.5", "\"hours\":2").getBytes(StandardCharsets.UTF_8),
                fr.maillage.events.activity.ActivityReportPublished.class).hours()).as("a whole number of hours").isEqualTo(2.0);
        // a category of a later version still reads: readers count it
        assertThat(EventJson.read(valid.replace("WORKSHOP", "REPAIR_CAFE").getBytes(StandardCharsets.UTF_8),
                fr.maillage.events.activity.ActivityReportPublished.class).category()).isEqualTo("REPAIR_CAFE");
        for (String hostile : List.of(valid.replace("\"52\"", "\"5\\u00002\""), valid.replace("\"52\"", "\"52.reports\""),
                valid.replace("\"52\"", "\"$52\""), valid.replace("\"52\"", "\"\""), valid.replace("\"52\"", "\"52|11\""),
                valid.replace("WORKSHOP", "WORK.SHOP"), valid.replace("WORKSHOP", "workshop|52"),
                valid.replace("\"participants\":12", "\"participants\":\"12\""),
                valid.replace("\"participants\":12", "\"participants\":12.9"),
                valid.replace("\"participants\":12", "\"participants\":12.0"), // as docs/events.md says
                valid.replace("\"revision\":1", "\"revision\":true"), valid.replace("\"hours\":2.5", "\"hours\":\"2.5\""),
                valid.replace("\"region\":\"52\"", "\"region\":52"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.read(hostile.getBytes(StandardCharsets.UTF_8),
                            fr.maillage.events.activity.ActivityReportPublished.class))
                    .as(hostile).isInstanceOf(MalformedEventException.class);
        }
    }

    /** services came within v1: a state published before it still reads, with none. */
    @Test
    void aThirdPlaceStatePublishedBeforeItsServicesReadsWithNone() {
        var withServices = (tools.jackson.databind.node.ObjectNode) EventJson.mapper()
                .valueToTree(ContractSamples.SAMPLES.get(fr.maillage.events.registry.RegistryEvents.THIRD_PLACE_STATE));
        assertThat(withServices.path("services").size()).isPositive();
        withServices.remove("services");

        var older = EventJson.read(withServices.toString().getBytes(StandardCharsets.UTF_8),
                fr.maillage.events.registry.ThirdPlaceState.class);

        assertThat(older.services()).isEmpty();
        assertThat(older.typologies()).containsExactly("COWORKING", "FABLAB");
    }

    @Test
    void envelopeWithoutItsAttributesIsMalformed() {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("ce_specversion", "1.0", "ce_id", "x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudEvent.fromHeaders(headers, new byte[0]))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_");
    }

    private static Schema schemaOf(EventType<?> type) throws IOException {
        try (InputStream in = resource(type.schemaResource())) {
            return SCHEMAS.getSchema(in, InputFormat.JSON);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = ContractTest.class.getResourceAsStream(path);
        assertThat(in).as("committed schema %s", path).isNotNull();
        return in;
    }

    /** The rules of events.md: within a major version, only optional fields may be added. */
    static final class SchemaCompatibility {
        static void compare(String where, JsonNode before, JsonNode now, List<String> breaks) {
            if (!before.path("type").equals(now.path("type"))) {
                breaks.add(where + ": type changed from " + before.path("type") + " to " + now.path("type"));
            }
            Set<String> requiredBefore = names(before.path("required"));
            for (String required : names(now.path("required"))) {
                if (!requiredBefore.contains(required)) {
                    breaks.add(where + ": new required field " + required);
                }
            }
            JsonNode propsBefore = before.path("properties");
            JsonNode propsNow = now.path("properties");
            for (Iterator<String> it = propsBefore.propertyNames().iterator(); it.hasNext(); ) {
                String field = it.next();
                if (!propsNow.has(field)) {
                    breaks.add(where + ": field " + field + " removed");
                } else {
                    compare(where + "." + field, propsBefore.get(field), propsNow.get(field), breaks);
                }
            }
            if (before.has("items")) {
                compare(where + "[]", before.get("items"), now.path("items"), breaks);
            }
            narrowed(where, before, now, breaks);
        }

        /**
         * A value the released schema allowed must stay allowed: no pattern, format or const
         * added or changed, no enum value taken away, no bound added or tightened, no closing of
         * the object to properties it did not name.
         */
        private static void narrowed(String where, JsonNode before, JsonNode now, List<String> breaks) {
            for (String keyword : List.of("pattern", "format", "const")) {
                if (now.has(keyword) && !now.get(keyword).equals(before.get(keyword))) {
                    breaks.add(where + ": " + keyword + " " + now.get(keyword) + " where the released schema had "
                            + (before.has(keyword) ? before.get(keyword) : "none"));
                }
            }
            if (now.has("enum")) {
                Set<String> values = new HashSet<>();
                now.get("enum").forEach(value -> values.add(value.toString()));
                if (!before.has("enum")) {
                    breaks.add(where + ": enum " + now.get("enum") + " where the released schema had none");
                } else {
                    before.get("enum").forEach(value -> {
                        if (!values.contains(value.toString())) {
                            breaks.add(where + ": enum value " + value + " removed");
                        }
                    });
                }
            }
            for (String upper : List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")) {
                if (now.has(upper) && (!before.has(upper) || now.get(upper).asDouble() < before.get(upper).asDouble())) {
                    breaks.add(where + ": " + upper + " " + now.get(upper) + " where the released schema had "
                            + (before.has(upper) ? before.get(upper) : "none"));
                }
            }
            for (String lower : List.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")) {
                if (now.has(lower) && (!before.has(lower) || now.get(lower).asDouble() > before.get(lower).asDouble())) {
                    breaks.add(where + ": " + lower + " " + now.get(lower) + " where the released schema had "
                            + (before.has(lower) ? before.get(lower) : "none"));
                }
            }
            if (now.path("additionalProperties").isBoolean() && !now.get("additionalProperties").asBoolean()
                    && !(before.path("additionalProperties").isBoolean() && !before.get("additionalProperties").asBoolean())) {
                breaks.add(where + ": closed to properties it does not name (additionalProperties false)");
            }
        }

        private static Set<String> names(JsonNode array) {
            Set<String> names = new HashSet<>();
            array.forEach(node -> names.add(node.asString()));
            return names;
        }
    }
}
