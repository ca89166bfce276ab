package fr.maillage.partnership.domain;

import java.util.Objects;

/** Where premises are: the commune as resolved from the reference geography when they were offered. */
public record CommuneRef(String code, String name, String departement, String region) {
    public CommuneRef {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(region, "region");
    }
}
