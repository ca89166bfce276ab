package fr.maillage.partnership;

import fr.maillage.events.EventJson;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.messaging.KafkaHeaders;
import fr.maillage.security.ApiKeys;
import fr.maillage.security.RegistryReplica;
import fr.maillage.testsupport.TestStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Plays the registry: publishes organisations (roles, territory, key hashes) and a tiers-lieu on
 * the compacted state topic, as the registry-service would, and waits for the replica to know them.
 */
final class RegistryFixture {

    /** An organisation of the fixture and its API key (the key itself; the registry shares only its hash). */
    record Org(String id, String key) {
    }

    static final Org NATIONAL = new Org("org-national", ApiKeys.generate());
    /** Commune of Nantes (44109). */
    static final Org NANTES = new Org("org-ville-de-nantes", ApiKeys.generate());
    /** Nantes Métropole, an EPCI (SIREN 244400404). */
    static final Org NANTES_METROPOLE = new Org("org-nantes-metropole", ApiKeys.generate());
    /** Département de Loire-Atlantique (44). */
    static final Org LOIRE_ATLANTIQUE = new Org("org-loire-atlantique", ApiKeys.generate());
    /** Région Pays de la Loire (52). */
    static final Org PAYS_DE_LA_LOIRE = new Org("org-pays-de-la-loire", ApiKeys.generate());
    /** A local authority whose registry record has no territory. */
    static final Org NO_TERRITORY = new Org("org-collectivite-sans-territoire", ApiKeys.generate());
    static final Org THIRD_PLACE = new Org("org-solilab", ApiKeys.generate());
    static final Org ANALYST = new Org("org-analyste", ApiKeys.generate());
    /** Associations and cooperatives that apply for premises, one application each. */
    static final List<Org> APPLICANTS = applicants(24);

    static final String PLACE = "tl-solilab";

    private static boolean published;

    private RegistryFixture() {
    }

    static synchronized void publishOnce(RegistryReplica replica) {
        if (published) {
            return;
        }
        Map<Org, OrganisationState> organisations = new LinkedHashMap<>();
        organisations.put(NATIONAL, organisation(NATIONAL, "Agence nationale", "STATE", List.of("NATIONAL"), null));
        organisations.put(NANTES, organisation(NANTES, "Ville de Nantes", "COMMUNE", List.of("LOCAL_AUTHORITY"),
                new OrganisationState.Territory("COMMUNE", "44109")));
        organisations.put(NANTES_METROPOLE, organisation(NANTES_METROPOLE, "Nantes Métropole", "EPCI",
                List.of("LOCAL_AUTHORITY"), new OrganisationState.Territory("EPCI", "244400404")));
        organisations.put(LOIRE_ATLANTIQUE, organisation(LOIRE_ATLANTIQUE, "Département de Loire-Atlantique",
                "DEPARTEMENT", List.of("LOCAL_AUTHORITY"), new OrganisationState.Territory("DEPARTEMENT", "44")));
        organisations.put(PAYS_DE_LA_LOIRE, organisation(PAYS_DE_LA_LOIRE, "Région Pays de la Loire", "REGION",
                List.of("LOCAL_AUTHORITY"), new OrganisationState.Territory("REGION", "52")));
        organisations.put(NO_TERRITORY, organisation(NO_TERRITORY, "Commune sans territoire", "COMMUNE",
                List.of("LOCAL_AUTHORITY"), null));
        organisations.put(THIRD_PLACE, organisation(THIRD_PLACE, "Le Solilab", "ASSOCIATION", List.of("THIRD_PLACE"), null));
        organisations.put(ANALYST, organisation(ANALYST, "Observatoire", "OTHER", List.of("ANALYST"), null));
        for (Org applicant : APPLICANTS) {
            organisations.put(applicant, organisation(applicant, "Association " + applicant.id(), "ASSOCIATION",
                    List.of("THIRD_PLACE"), null));
        }
        Instant now = Instant.now();
        ThirdPlaceState place = new ThirdPlaceState(PLACE, 1, "Le Solilab", THIRD_PLACE.id(), "8 rue Saint-Domingue",
                "44200", "44109", "Nantes", "44", "52", "244400404", "FROM_100000", null, null, List.of("COWORKING"),
                "OPEN", 900, null, null, null, null, 0, 0, now);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestStack.kafkaBootstrap(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            organisations.values().forEach(state -> producer.send(KafkaHeaders.toRecord(RegistryTopics.STATE,
                    state.organisationId(), EventJson.toCloudEvent(RegistryEvents.ORGANISATION_STATE, UUID.randomUUID(),
                            state.organisationId(), now, state))));
            producer.send(KafkaHeaders.toRecord(RegistryTopics.STATE, PLACE,
                    EventJson.toCloudEvent(RegistryEvents.THIRD_PLACE_STATE, UUID.randomUUID(), PLACE, now, place)));
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> replica.thirdPlace(PLACE).isPresent()
                && organisations.keySet().stream().allMatch(org -> replica.findByKeyHash(ApiKeys.hash(org.key())).isPresent()));
        published = true;
    }

    private static OrganisationState organisation(Org org, String name, String kind, List<String> roles,
                                                  OrganisationState.Territory territory) {
        return new OrganisationState(org.id(), 1, name, kind, null, null, roles, territory,
                List.of(new OrganisationState.ApiKeyHash("key-" + org.id(), ApiKeys.hash(org.key()))), Instant.now());
    }

    private static List<Org> applicants(int count) {
        List<Org> applicants = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            applicants.add(new Org(String.format("org-porteur-%02d", i), ApiKeys.generate()));
        }
        return List.copyOf(applicants);
    }
}
