package fr.maillage.registry.domain;

import fr.maillage.territory.Commune;

import java.util.Objects;

/** Where a tiers-lieu is: the commune as resolved from the reference geography when it was placed. */
public record CommuneRef(String code, String name, String departement, String region, String metropole,
                         String metropoleCode, String sizeClass) {
    public CommuneRef {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(region, "region");
    }

    public static CommuneRef of(Commune commune) {
        return new CommuneRef(commune.code(), commune.name(), commune.departement(), commune.region(),
                commune.metropoleName(), commune.metropoleCode(), commune.sizeClass().name());
    }
}
