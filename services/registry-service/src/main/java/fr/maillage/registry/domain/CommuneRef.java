package fr.maillage.registry.domain;

import java.util.Objects;

/** Where a tiers-lieu is: the commune as resolved from the reference geography when it was placed. */
public record CommuneRef(String code, String name, String departement, String region, String metropole,
                         String metropoleCode, String sizeClass) {
    public CommuneRef {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(region, "region");
    }
}
