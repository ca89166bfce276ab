package fr.maillage.registry.api;

import fr.maillage.registry.domain.FabriqueLabel;
import fr.maillage.registry.domain.ThirdPlace;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A tiers-lieu as the API shows it. */
record ThirdPlaceResponse(String id, long version, String name, String operatorId, String address, String postalCode,
                          Commune commune, Double latitude, Double longitude, List<String> typologies, String status,
                          Integer surfaceM2, String qpvCode, LocalDate openedOn, List<String> services,
                          FabriqueLabel fabriqueLabel, String networkFabriqueId, int facilitators,
                          int certifiedFacilitators, Instant createdAt, Instant updatedAt) {

    record Commune(String code, String name, String departement, String region, String metropole,
                   String metropoleCode, String sizeClass) {
    }

    static ThirdPlaceResponse of(ThirdPlace place) {
        var details = place.details();
        var commune = details.commune();
        return new ThirdPlaceResponse(place.id(), place.version(), details.name(), details.operatorId(),
                details.address(), details.postalCode(),
                new Commune(commune.code(), commune.name(), commune.departement(), commune.region(),
                        commune.metropole(), commune.metropoleCode(), commune.sizeClass()),
                details.latitude(), details.longitude(),
                details.typologies().stream().map(Enum::name).sorted().toList(), details.status().name(),
                details.surfaceM2(), details.qpvCode(), details.openedOn(), details.services(),
                place.fabriqueLabel(), place.networkFabriqueId(), place.facilitators(), place.certifiedFacilitators(),
                place.createdAt(), place.updatedAt());
    }
}
