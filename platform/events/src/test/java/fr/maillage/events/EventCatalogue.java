package fr.maillage.events;

import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;
import fr.maillage.events.partnership.FundEvent;
import fr.maillage.events.partnership.PremisesEvent;
import fr.maillage.events.registry.OrganisationEvent;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

/** Writes docs/events.md from the contracts: topics, keys, event types, schemas and an example each. */
public final class EventCatalogue {

    private EventCatalogue() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(EventCatalogueTest.CATALOGUE, render(), StandardCharsets.UTF_8);
    }

    static String render() {
        StringBuilder doc = new StringBuilder();
        doc.append("# Event catalogue\n\n")
                .append("Generated from the contracts in `platform/events` by `EventCatalogue` (a test fails when this\n")
                .append("file and the code disagree). Every event is a CloudEvents 1.0 event in the Kafka binding's binary\n")
                .append("mode: attributes in `ce_*` headers, the JSON payload as the record value, `content-type:\n")
                .append("application/json`. Within a major version, payloads only gain optional fields. Readers take\n")
                .append("each value in its schema's JSON type, an integer written as one (`12`, not `\"12\"`, nor `12.0`,\n")
                .append("which JSON Schema would also call an integer): a payload giving another is dead-lettered.\n\n")
                .append("## Topics\n\n")
                .append("| topic | key | producer | retention |\n|---|---|---|---|\n")
                .append("| `").append(RegistryTopics.EVENTS).append("` | tiers-lieu / organisation id | registry-service | forever |\n")
                .append("| `").append(RegistryTopics.STATE).append("` | `third-place:<id>` / `organisation:<id>` (the two kinds share ids; compaction keeps one record per key) | registry-service | compacted: latest full state |\n")
                .append("| `").append(ActivityTopics.EVENTS).append("` | tiers-lieu id | activity-service | forever |\n")
                .append("| `").append(PartnershipTopics.EVENTS).append("` | premises / fund id | partnership-service | forever |\n")
                .append("| `<topic>.dlq` | as the source | the consumer that could not read a record | 30 days |\n\n");
        section(doc, "registry-service", RegistryEvents.ALL);
        section(doc, "activity-service", ActivityEvents.ALL);
        section(doc, "partnership-service", PartnershipEvents.ALL);
        doc.append("## Retired event types\n\n")
                .append("No producer publishes them any more; their records stay on their topic, and readers skip them\n")
                .append("(not counted as unknown types). Their released schemas are kept under\n")
                .append("`platform/events/src/test/resources/released-schemas`.\n\n")
                .append("| type | topic | why |\n|---|---|---|\n");
        for (Contracts.Retired retired : Contracts.RETIRED) {
            doc.append("| `").append(retired.ceType()).append("` | `").append(retired.topic()).append("` | ")
                    .append(retired.why()).append(" |\n");
        }
        return doc.toString();
    }

    private static void section(StringBuilder doc, String service, List<EventType<?>> types) {
        doc.append("## ").append(service).append("\n\n");
        for (EventType<?> type : types) {
            JsonNode schema = schema(type);
            doc.append("### `").append(type.ceType()).append("`\n\n")
                    .append(schema.path("title").asString()).append(".\n\n")
                    .append("- schema: `").append(type.dataSchema()).append("` (`platform/events/src/main/resources")
                    .append(type.schemaResource()).append("`)\n")
                    .append("- required: ").append(required(schema)).append("\n\n")
                    .append("```json\n");
            Object sample = ContractSamples.SAMPLES.get(type);
            if (sample != null) {
                CloudEvent event = toEvent(type, sample);
                event.headers().forEach((name, value) -> doc.append("// ").append(name).append(": ").append(value).append('\n'));
                doc.append(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                        EventJson.mapper().readTree(event.data()))).append('\n');
            }
            doc.append("```\n\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> CloudEvent toEvent(EventType<T> type, Object sample) {
        return EventJson.toCloudEvent(type, UUID.nameUUIDFromBytes(type.ceType().getBytes(StandardCharsets.UTF_8)),
                subjectOf(sample), ContractSamples.AT, (T) sample);
    }

    /** The aggregate id, which is the record key and the event's subject. */
    private static String subjectOf(Object sample) {
        if (sample instanceof ThirdPlaceEvent event) {
            return event.thirdPlaceId();
        } else if (sample instanceof OrganisationEvent event) {
            return event.organisationId();
        } else if (sample instanceof ThirdPlaceState state) {
            return state.thirdPlaceId();
        } else if (sample instanceof OrganisationState state) {
            return state.organisationId();
        } else if (sample instanceof ActivityReportPublished report) {
            return report.thirdPlaceId();
        } else if (sample instanceof MonthlyIndicatorsPublished indicators) {
            return indicators.thirdPlaceId();
        } else if (sample instanceof PremisesEvent event) {
            return event.premisesId();
        } else if (sample instanceof FundEvent event) {
            return event.fundId();
        }
        throw new IllegalStateException("no subject for " + sample.getClass().getSimpleName());
    }

    private static String required(JsonNode schema) {
        StringBuilder fields = new StringBuilder();
        schema.path("required").forEach(field -> fields.append(fields.isEmpty() ? "" : ", ").append('`')
                .append(field.asString()).append('`'));
        return fields.toString();
    }

    private static JsonNode schema(EventType<?> type) {
        try (InputStream in = EventCatalogue.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
                throw new IllegalStateException("no schema " + type.schemaResource());
            }
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
