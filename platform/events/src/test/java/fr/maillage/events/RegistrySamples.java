package fr.maillage.events;

import fr.maillage.events.registry.OrganisationRegistered;
import fr.maillage.events.registry.OrganisationState;
import fr.maillage.events.registry.RegistryEvents;
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

    static final ThirdPlaceState PLACE = new ThirdPlaceState("tl-1", 2, "Le Solilab", "org-1",
            "8 rue Saint-Domingue", "44200", "44109", "Nantes", "44", "52", "244400404", "FROM_100000",
            47.2, -1.54, List.of("COWORKING", "FABLAB"), "OPEN", 1200, null, LocalDate.parse("2012-05-01"),
            new ThirdPlaceState.FabriqueLabel("QPV", 1, 2019, 50_000, "LABELLED"), null, 2, 1, AT);

    static final Map<EventType<?>, Object> SAMPLES = Map.of(
            RegistryEvents.THIRD_PLACE_REGISTERED, new ThirdPlaceRegistered("tl-1", 1, AT, PLACE),
            RegistryEvents.THIRD_PLACE_UPDATED, new ThirdPlaceUpdated("tl-1", 2, AT, List.of("name"), PLACE),
            RegistryEvents.ORGANISATION_REGISTERED, new OrganisationRegistered("org-1", 1, AT, "SCIC Solilab",
                    "COOPERATIVE", List.of("THIRD_PLACE")),
            RegistryEvents.THIRD_PLACE_STATE, PLACE,
            RegistryEvents.ORGANISATION_STATE, new OrganisationState("org-1", 3, "SCIC Solilab", "COOPERATIVE",
                    "44306184100047", null, List.of("THIRD_PLACE"), new OrganisationState.Territory("COMMUNE", "44109"),
                    List.of(new OrganisationState.ApiKeyHash("k1", "ab".repeat(32))), AT));

    private RegistrySamples() {
    }
}
