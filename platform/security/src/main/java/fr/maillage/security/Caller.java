package fr.maillage.security;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling: the organisation a valid API key belongs to, with its roles and, for a local
 * authority or a region-scoped analyst, its territory ({@code level} COMMUNE, EPCI, DEPARTEMENT or
 * REGION, and its code).
 */
public record Caller(String organisationId, String keyId, Set<Role> roles, String territoryLevel,
                     String territoryCode) {

    public Caller {
        Objects.requireNonNull(organisationId, "organisationId");
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isNational() {
        return has(Role.NATIONAL);
    }

    /** @throws ApiException 403 unless the caller has one of the roles */
    public void requireAny(Role... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(this::has)) {
            throw ApiException.forbidden("This action needs one of the roles " + Arrays.toString(anyOf)
                    + "; the key of organisation " + organisationId + " has " + roles + ".");
        }
    }
}
