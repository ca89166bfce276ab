package fr.maillage.events.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The full public state of a tiers-lieu as other services see it. No personal data: facilitators
 * appear only as counts. {@code services} came later in v1: a state published before it reads as
 * having none.
 */
public record ThirdPlaceState(
        String thirdPlaceId,
        long version,
        String name,
        String operatorId,
        String address,
        String postalCode,
        String communeCode,
        String communeName,
        String departement,
        String region,
        String metropoleCode,
        String sizeClass,
        Double latitude,
        Double longitude,
        List<String> typologies,
        List<String> services,
        String status,
        Integer surfaceM2,
        String qpvCode,
        LocalDate openedOn,
        FabriqueLabel fabriqueLabel,
        String networkFabriqueId,
        int facilitators,
        int certifiedFacilitators,
        Instant updatedAt) {

    public ThirdPlaceState {
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(communeCode, "communeCode");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(status, "status");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        typologies = typologies == null ? List.of() : List.copyOf(typologies);
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** A state without services, as the states written before they were published. */
    public ThirdPlaceState(String thirdPlaceId, long version, String name, String operatorId, String address,
                           String postalCode, String communeCode, String communeName, String departement, String region,
                           String metropoleCode, String sizeClass, Double latitude, Double longitude,
                           List<String> typologies, String status, Integer surfaceM2, String qpvCode, LocalDate openedOn,
                           FabriqueLabel fabriqueLabel, String networkFabriqueId, int facilitators,
                           int certifiedFacilitators, Instant updatedAt) {
        this(thirdPlaceId, version, name, operatorId, address, postalCode, communeCode, communeName, departement,
                region, metropoleCode, sizeClass, latitude, longitude, typologies, List.of(), status, surfaceM2, qpvCode,
                openedOn, fabriqueLabel, networkFabriqueId, facilitators, certifiedFacilitators, updatedAt);
    }

    public boolean inMetropole() {
        return metropoleCode != null;
    }

    /**
     * Whether this place is a Fabrique de territoire now: a label not withdrawn, on a place not
     * closed (the registry no longer closes a labelled place, but one closed before it refused
     * still carries its label). Not named is…/get…: a JSON property would come of it.
     */
    public boolean fabriqueInForce() {
        return fabriqueLabel != null && !"WITHDRAWN".equals(fabriqueLabel.status()) && !"CLOSED".equals(status);
    }

    /**
     * The network whose activity this place's activity is part of: the Fabrique it is a member of,
     * or its own when it is a Fabrique in force (a network is a Fabrique and its members); null
     * for a place in no network.
     */
    public String activityNetwork() {
        if (networkFabriqueId != null) {
            return networkFabriqueId;
        }
        return fabriqueInForce() ? thirdPlaceId : null;
    }

    /** A Fabrique de territoire label: track QPV or RURAL, wave, year and yearly grant. */
    public record FabriqueLabel(String track, int wave, int year, long yearlyGrantEur, String status) {
        public FabriqueLabel {
            Objects.requireNonNull(track, "track");
            Objects.requireNonNull(status, "status");
        }
    }
}
