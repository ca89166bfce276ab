package fr.maillage.events;

import fr.maillage.events.registry.OrganisationApiKeyIssued;
import fr.maillage.events.registry.OrganisationApiKeyRevoked;
import fr.maillage.events.registry.OrganisationRegistered;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
import fr.maillage.events.registry.ThirdPlaceClosed;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelWithdrawn;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelled;
import fr.maillage.events.registry.ThirdPlaceFacilitatorsChanged;
import fr.maillage.events.registry.ThirdPlaceNetworkJoined;
import fr.maillage.events.registry.ThirdPlaceNetworkLeft;
import fr.maillage.events.registry.ThirdPlaceOpened;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.events.registry.ThirdPlaceUpdated;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One realistic payload per registry event type. */
final class RegistrySamples {

    static final Instant AT = Instant.parse("2026-11-29T10:15:00Z");

    /** Le Solilab at a version, with its status and Fabrique label then (each event carries the state it made). */
    static ThirdPlaceState solilab(long version, ThirdPlaceState.FabriqueLabel label) {
        return new ThirdPlaceState("tl-1", version, "Le Solilab", "org-1",
                "8 rue Saint-Domingue", "44200", "44109", "Nantes", "44", "52", "244400404", "FROM_100000",
                47.2, -1.54, List.of("COWORKING", "FABLAB"), List.of("Wi-Fi", "Salle de réunion"), "OPEN", 1200,
                "QN04404M", LocalDate.parse("2012-05-01"),
                label, null, 2, 1, AT);
    }

    static ThirdPlaceState cordee(long version, String networkFabriqueId, int facilitators) {
        return new ThirdPlaceState("tl-2", version, "La Cordée du Bourg", "org-2",
                "3 place de l'Église", "44850", "44026", "Le Cellier", "44", "52", null, "UNDER_3500",
                null, null, List.of("COWORKING"), "OPEN", 90, null, null, null, networkFabriqueId, facilitators, 0, AT);
    }

    static ThirdPlaceState coteaux(long version, String status) {
        return new ThirdPlaceState("tl-3", version, "Atelier des Coteaux", "org-3",
                null, null, "2A004", "Ajaccio", "2A", "94", null, "FROM_20000_TO_100000",
                null, null, List.of("FABLAB"), status, null, null, LocalDate.parse("2016-09-01"), null, null, 0, 0, AT);
    }

    /** The label of an open place is ACTIVE (LABELLED while the place is a project). */
    static final ThirdPlaceState.FabriqueLabel LABELLED = new ThirdPlaceState.FabriqueLabel("QPV", 1, 2019, 50_000, "ACTIVE");

    static final Map<EventType<?>, Object> SAMPLES = Map.ofEntries(
            Map.entry(RegistryEvents.THIRD_PLACE_REGISTERED, new ThirdPlaceRegistered("tl-1", 1, AT, solilab(1, null))),
            Map.entry(RegistryEvents.THIRD_PLACE_UPDATED, new ThirdPlaceUpdated("tl-1", 2, AT, List.of("name"),
                    solilab(2, null))),
            Map.entry(RegistryEvents.THIRD_PLACE_OPENED, new ThirdPlaceOpened("tl-1", 3, AT, solilab(3, null))),
            Map.entry(RegistryEvents.THIRD_PLACE_FABRIQUE_LABELLED, new ThirdPlaceFabriqueLabelled("tl-1", 4, AT,
                    solilab(4, LABELLED))),
            Map.entry(RegistryEvents.THIRD_PLACE_FABRIQUE_LABEL_WITHDRAWN, new ThirdPlaceFabriqueLabelWithdrawn("tl-1", 7, AT,
                    solilab(7, new ThirdPlaceState.FabriqueLabel("QPV", 1, 2019, 50_000, "WITHDRAWN")))),
            Map.entry(RegistryEvents.THIRD_PLACE_NETWORK_JOINED, new ThirdPlaceNetworkJoined("tl-2", 4, AT, "tl-1",
                    cordee(4, "tl-1", 0))),
            Map.entry(RegistryEvents.THIRD_PLACE_FACILITATORS_CHANGED, new ThirdPlaceFacilitatorsChanged("tl-2", 5, AT,
                    cordee(5, "tl-1", 1))),
            Map.entry(RegistryEvents.THIRD_PLACE_NETWORK_LEFT, new ThirdPlaceNetworkLeft("tl-3", 4, AT, "tl-1",
                    coteaux(4, "OPEN"))),
            Map.entry(RegistryEvents.THIRD_PLACE_CLOSED, new ThirdPlaceClosed("tl-3", 5, AT, coteaux(5, "CLOSED"))),
            Map.entry(RegistryEvents.ORGANISATION_REGISTERED, new OrganisationRegistered("org-1", 1, AT, "SCIC Solilab",
                    "COOPERATIVE", List.of("THIRD_PLACE"))),
            Map.entry(RegistryEvents.ORGANISATION_API_KEY_ISSUED, new OrganisationApiKeyIssued("org-1", 2, AT,
                    "0b7e5c1e-3f0a-4c55-9d0e-2f1c8a6b4d21")),
            Map.entry(RegistryEvents.ORGANISATION_API_KEY_REVOKED, new OrganisationApiKeyRevoked("org-1", 3, AT,
                    "0b7e5c1e-3f0a-4c55-9d0e-2f1c8a6b4d21")),
            Map.entry(RegistryEvents.THIRD_PLACE_STATE, solilab(4, LABELLED)),
            Map.entry(RegistryEvents.ORGANISATION_STATE, new OrganisationState("org-1", 3, "SCIC Solilab", "COOPERATIVE",
                    "44306184100047", null, List.of("THIRD_PLACE"), new OrganisationState.Territory("COMMUNE", "44109"),
                    List.of(new OrganisationState.ApiKeyHash("k1", "ab".repeat(32))), AT)));

    private RegistrySamples() {
    }
}
