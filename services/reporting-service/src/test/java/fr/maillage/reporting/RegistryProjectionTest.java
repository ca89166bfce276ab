package fr.maillage.reporting;

import fr.maillage.events.CloudEvent;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.DeadLetters;
import fr.maillage.testsupport.Http;
import fr.maillage.testsupport.TestStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import fr.maillage.reporting.store.LiveProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Tiers-lieux from the registry's events: overview, Fabrique programme, facilitators, open data. */
class RegistryProjectionTest extends ReportingIntegrationTest {

    @Autowired
    private LiveProjections live;

    @Autowired
    private RenderCounter renders;

    @Test
    void placesFabriquesAndFacilitatorsAreCountedOnceWhateverTheRedeliveries() throws Exception {
        JsonNode fabriquesBefore = getJson("/api/v1/fabriques", null);
        String fabrique = unique("fabrique-corse");
        String member = unique("member-corse");
        String other = unique("other-corse");

        CloudEvent fabriqueEvent = place(fabrique, "94").label("QPV", 7).facilitators(2, 1)
                .commune("2A004", "Ajaccio", "2A").sizeClass("FROM_20000_TO_100000").typologies("FABLAB", "COWORKING").send();
        send(RegistryTopics.EVENTS, fabrique, fabriqueEvent); // redelivered
        place(member, "94").network(fabrique).facilitators(1, 0).commune("2B033", "Bastia", "2B").send();
        CloudEvent otherFirst = place(other, "94").status("PROJECT").commune("2A247", "Porto-Vecchio", "2A").send();
        place(other, "94").version(2).status("OPEN").network(fabrique).facilitators(1, 1)
                .commune("2A247", "Porto-Vecchio", "2A").send();
        send(RegistryTopics.EVENTS, other, otherFirst); // republished after a newer version: ignored

        awaitCaughtUp();
        JsonNode corse = getJson("/api/v1/overview?region=94", null);
        assertThat(corse.path("total").asLong()).isEqualTo(3);
        assertThat(corse.path("byStatus").path("OPEN").asLong()).as("version 2 kept over a republished version 1")
                .isEqualTo(3);
        assertThat(corse.path("byDepartement").path("2A").asLong()).isEqualTo(2);
        assertThat(corse.path("byDepartement").path("2B").asLong()).isEqualTo(1);
        assertThat(getJson("/api/v1/overview?region=94&departement=2A", null).path("total").asLong())
                .as("a département of that région").isEqualTo(2);
        assertThat(corse.path("byTerritory").path("OTHER").asLong()).isEqualTo(3);
        assertThat(corse.path("byTerritory").path("METROPOLE").asLong()).isZero();
        assertThat(corse.path("byTypology").path("FABLAB").asLong()).isEqualTo(1);
        assertThat(corse.path("byTypology").path("COWORKING").asLong()).isEqualTo(3);
        assertThat(corse.path("bySizeClass").path("FROM_20000_TO_100000").asLong()).isEqualTo(1);

        JsonNode fabriques = getJson("/api/v1/fabriques", null);
        assertThat(fabriques.path("target").asInt()).isEqualTo(300);
        assertThat(fabriques.path("labelled").asLong()).isEqualTo(fabriquesBefore.path("labelled").asLong() + 1);
        assertThat(fabriques.path("byTrack").path("QPV").asLong())
                .isEqualTo(fabriquesBefore.path("byTrack").path("QPV").asLong() + 1);
        assertThat(fabriques.path("byTrack").has("RURAL")).isTrue();
        assertThat(fabriques.path("byWave").path("7").asLong()).isEqualTo(1);
        JsonNode network = network(fabriques, fabrique);
        assertThat(network.path("members").asLong()).isEqualTo(2);
        assertThat(network.path("name").asString()).isEqualTo("Tiers-lieu " + fabrique);

        JsonNode facilitators = getJson("/api/v1/facilitators-summary", null).path("byRegion").path("94");
        assertThat(facilitators.path("places").asLong()).isEqualTo(3);
        assertThat(facilitators.path("placesWithCertifiedFacilitator").asLong()).isEqualTo(2);
        assertThat(facilitators.path("certifiedShare").asDouble()).isEqualTo(0.6667);

        // the label is withdrawn and a member leaves: both counts move back
        place(fabrique, "94").version(2).withdrawnLabel("QPV", 7).facilitators(2, 1)
                .commune("2A004", "Ajaccio", "2A").sizeClass("FROM_20000_TO_100000").typologies("FABLAB", "COWORKING").send();
        place(member, "94").version(2).facilitators(1, 0).commune("2B033", "Bastia", "2B").send();
        awaitCaughtUp();
        JsonNode after = getJson("/api/v1/fabriques", null);
        assertThat(after.path("labelled").asLong()).isEqualTo(fabriquesBefore.path("labelled").asLong());
        assertThat(network(after, fabrique).path("members").asLong()).isEqualTo(1);

        // a place that closes leaves the share of places with a certified facilitator, as a project is not in it
        place(other, "94").version(3).status("CLOSED").network(fabrique).facilitators(1, 1)
                .commune("2A247", "Porto-Vecchio", "2A").send();
        awaitCaughtUp();
        JsonNode closed = getJson("/api/v1/facilitators-summary", null).path("byRegion").path("94");
        assertThat(closed.path("places").asLong()).isEqualTo(2);
        assertThat(closed.path("placesWithCertifiedFacilitator").asLong())
                .as("the fabrique's own certified facilitator only").isEqualTo(1);
    }

    @Test
    void aFabriqueWithoutMembersIsListedButAnimatesNoNetworkUntilOneJoins() throws Exception {
        JsonNode before = getJson("/api/v1/fabriques", null);
        String fabrique = unique("fabrique-alone");
        place(fabrique, "44").label("RURAL", 2).send();

        awaitCaughtUp();
        JsonNode alone = getJson("/api/v1/fabriques", null);
        assertThat(alone.path("labelled").asLong()).isEqualTo(before.path("labelled").asLong() + 1);
        assertThat(network(alone, fabrique).path("members").asLong()).isZero();
        assertThat(alone.path("animatedNetworks").asLong()).as("a Fabrique is not a network until a place joins it")
                .isEqualTo(before.path("animatedNetworks").asLong());

        place(unique("member-alone"), "44").network(fabrique).send();
        awaitCaughtUp();
        JsonNode joined = getJson("/api/v1/fabriques", null);
        assertThat(joined.path("animatedNetworks").asLong()).isEqualTo(before.path("animatedNetworks").asLong() + 1);
        long withMembers = 0;
        for (JsonNode network : joined.path("networks")) {
            withMembers += network.path("members").asLong() > 0 ? 1 : 0;
        }
        assertThat(joined.path("animatedNetworks").asLong()).isEqualTo(withMembers);
    }

    @Test
    void aFabriqueClosedWithItsLabelInForceIsNoLongerCounted() throws Exception {
        // the registry no longer closes a labelled place, but places closed before it refused keep their label
        JsonNode before = getJson("/api/v1/fabriques", null);
        String closed = unique("fabrique-closed");
        place(closed, "27").status("CLOSED").label("QPV", 7).commune("21231", "Dijon", "21").send();

        awaitCaughtUp();
        List<List<String>> rows = await("the export lists the closed place").atMost(Duration.ofSeconds(30))
                .until(() -> CsvReader.read(http.get("/api/v1/exports/third-places.csv", null).body()),
                        read -> read.stream().anyMatch(row -> row.get(0).equals(closed)));
        JsonNode after = getJson("/api/v1/fabriques", null);
        assertThat(after.path("labelled").asLong()).isEqualTo(before.path("labelled").asLong());
        assertThat(after.path("byTrack").path("QPV").asLong()).isEqualTo(before.path("byTrack").path("QPV").asLong());
        List<String> header = rows.get(0);
        List<String> row = rows.stream().filter(r -> r.get(0).equals(closed)).findFirst().orElseThrow();
        assertThat(row.get(header.indexOf("statut"))).isEqualTo("CLOSED");
        assertThat(row.get(header.indexOf("fabrique_territoire"))).isEqualTo("false");
    }

    @Test
    void aPublicAggregateIsAnsweredAgainUntilTheProjectionsChangeThenAnsweredAnew() {
        // asked twice while the projections stay as they are, it is rendered once: the second
        // answer is the first one's (a batch of earlier tests' events counted in between changes
        // the projections, and then it is rendered anew, rightly: so it is asked again)
        String overview = "/api/v1/overview?region=28";
        Http.Answer first = null;
        boolean servedAgain = false;
        for (int attempt = 0; attempt < 20 && !servedAgain; attempt++) {
            long version = live.version();
            int renderedBefore = renders.rendered(overview);
            first = http.get(overview, null);
            Http.Answer again = http.get(overview, null);
            if (live.version() == version) {
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.contentType()).startsWith("application/json");
                assertThat(again.body()).isEqualTo(first.body());
                assertThat(renders.rendered(overview) - renderedBefore).as("renders of two asks").isLessThanOrEqualTo(1);
                servedAgain = true;
            }
        }
        assertThat(servedAgain).as("the projections kept changing").isTrue();
        long before = first.json().path("total").asLong();
        int renderedBefore = renders.rendered(overview);

        place(unique("cached-overview"), "28").commune("76540", "Rouen", "76").send();

        awaitJson("/api/v1/overview?region=28", null, node -> node.path("total").asLong() == before + 1);
        assertThat(renders.rendered(overview)).as("rendered anew once the projections changed").isGreaterThan(renderedBefore);
        assertThat(http.get("/api/v1/overview?region=zz", null).status()).as("a refused query is not kept").isEqualTo(400);
        assertThat(http.get("/api/v1/overview?region=zz", null).status()).isEqualTo(400);
    }

    @Test
    void theOpenDataExportEscapesSeparatorsQuotesAndLineBreaks() {
        String id = unique("export");
        String name = "L'Atelier; \"le Hangar\"\nsecond line";
        place(id, "28").name(name).commune("76540", "Rouen", "76").metropole("200023414")
                .address("12 rue des Arts", "76000").coordinates(49.4431, 1.0993).typologies("FABLAB", "CRAFT_WORKSHOP")
                .label("RURAL", 4).send();

        Http.Answer csv = await("the export lists the new place").atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/v1/exports/third-places.csv", null), answer -> answer.body().contains(id));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv").containsIgnoringCase("charset=UTF-8");
        assertThat(csv.header("Link")).contains("third-places.schema.json").contains("describedby");
        List<List<String>> rows = CsvReader.read(csv.body());
        List<String> header = rows.get(0);
        assertThat(header).containsExactly("id", "nom", "code_insee", "commune", "code_departement", "code_region",
                "adresse", "code_postal", "latitude", "longitude", "typologies", "statut", "surface_m2", "code_qpv",
                "date_ouverture", "fabrique_territoire", "siret");
        List<String> row = rows.stream().filter(cells -> cells.get(0).equals(id)).findFirst().orElseThrow();
        assertThat(row).hasSameSizeAs(header);
        assertThat(row.get(header.indexOf("nom"))).isEqualTo(name);
        assertThat(row.get(header.indexOf("code_insee"))).isEqualTo("76540");
        assertThat(row.get(header.indexOf("code_region"))).isEqualTo("28");
        assertThat(row.get(header.indexOf("typologies"))).isEqualTo("FABLAB|CRAFT_WORKSHOP");
        assertThat(row.get(header.indexOf("latitude"))).isEqualTo("49.4431");
        assertThat(row.get(header.indexOf("fabrique_territoire"))).isEqualTo("true");
        assertThat(row.get(header.indexOf("siret"))).isEmpty();
        assertThat(csv.body()).contains("\"L'Atelier; \"\"le Hangar\"\"\nsecond line\"");

        JsonNode json = getJson("/api/v1/exports/third-places.json", null);
        JsonNode object = null;
        for (JsonNode candidate : json) {
            if (candidate.path("id").asString().equals(id)) {
                object = candidate;
            }
        }
        assertThat(object).isNotNull();
        assertThat(object.propertyNames()).containsExactlyElementsOf(header);
        assertThat(object.path("nom").asString()).isEqualTo(name);
        assertThat(object.path("latitude").asDouble()).isEqualTo(49.4431);
        assertThat(object.path("fabrique_territoire").asBoolean()).isTrue();

        JsonNode schema = getJson("/api/v1/exports/third-places.schema.json", null);
        List<String> fields = new ArrayList<>();
        schema.path("fields").forEach(field -> fields.add(field.path("name").asString()));
        assertThat(fields).containsExactlyElementsOf(header);
    }

    @Test
    void anUnreadableRegistryRecordGoesToTheDeadLetterTopicAndConsumptionGoesOn() {
        String poisonKey = unique("poison");
        ProducerRecord<String, byte[]> poison = new ProducerRecord<>(RegistryTopics.EVENTS, poisonKey,
                "{not json".getBytes(StandardCharsets.UTF_8));
        place(poisonKey, "93").event().headers().forEach((name, value) ->
                poison.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer().send(poison);
        producer().flush();
        String after = unique("after-poison");
        place(after, "93").send();

        awaitJson("/api/v1/exports/third-places.json", null, node -> node.toString().contains(after));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(DeadLetters.topicFor(RegistryTopics.EVENTS)));
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await("the poison record in the dead-letter topic").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(record -> poisonKey.equals(record.key()));
            });
            ConsumerRecord<String, byte[]> record = dead.stream().filter(r -> poisonKey.equals(r.key())).findFirst()
                    .orElseThrow();
            assertThat(new String(record.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                    .isNotBlank();
            assertThat(new String(record.headers().lastHeader(DeadLetters.CONSUMER).value(), StandardCharsets.UTF_8))
                    .startsWith("reporting-registry-events");
        }
    }

    private static JsonNode network(JsonNode fabriques, String fabriqueId) {
        for (JsonNode network : fabriques.path("networks")) {
            if (network.path("fabriqueId").asString().equals(fabriqueId)) {
                return network;
            }
        }
        throw new AssertionError("no network " + fabriqueId + " in " + fabriques);
    }
}
