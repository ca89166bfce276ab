package fr.maillage.registry.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The descriptive fields of a tiers-lieu, the part a registration or an update sets. */
public record ThirdPlaceDetails(String name, String operatorId, String address, String postalCode, CommuneRef commune,
                                Double latitude, Double longitude, Set<Typology> typologies,
                                ThirdPlaceStatus status, Integer surfaceM2, String qpvCode, LocalDate openedOn,
                                List<String> services) {
    public ThirdPlaceDetails {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(commune, "commune");
        typologies = typologies == null ? Set.of() : Set.copyOf(typologies);
        status = status == null ? ThirdPlaceStatus.OPEN : status;
        services = services == null ? List.of() : List.copyOf(services);
    }

    ThirdPlaceDetails with(ThirdPlaceStatus newStatus, LocalDate newOpenedOn) {
        return new ThirdPlaceDetails(name, operatorId, address, postalCode, commune, latitude, longitude, typologies,
                newStatus, surfaceM2, qpvCode, newOpenedOn, services);
    }
}
