package fr.maillage.registry.domain;

import fr.maillage.events.registry.ThirdPlaceState;

import java.util.Objects;

/**
 * The Fabrique de territoire label of a tiers-lieu: track, wave and year, yearly grant. Its status
 * follows the place: LABELLED while the place is a project, ACTIVE once it is open, WITHDRAWN
 * when the national structure withdraws it.
 */
public record FabriqueLabel(Track track, int wave, int year, long yearlyGrantEur, Status status) {

    public enum Track { QPV, RURAL }

    public enum Status { LABELLED, ACTIVE, WITHDRAWN }

    public FabriqueLabel {
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(status, "status");
        if (wave < 1) {
            throw new IllegalArgumentException("wave must be at least 1");
        }
        if (yearlyGrantEur < 0) {
            throw new IllegalArgumentException("yearlyGrantEur must not be negative");
        }
    }

    /** A withdrawn label is kept for the record, but no longer makes its place a Fabrique. */
    public boolean inForce() {
        return status != Status.WITHDRAWN;
    }

    /**
     * The label as a place of {@code placeStatus} holds it. A withdrawn label stays withdrawn; so does
     * the status of a closed place's label (only a Fabrique closed before closures waited for the
     * withdrawal has one in force).
     */
    FabriqueLabel forPlace(ThirdPlaceStatus placeStatus) {
        if (!inForce() || placeStatus == ThirdPlaceStatus.CLOSED) {
            return this;
        }
        return withStatus(placeStatus == ThirdPlaceStatus.OPEN ? Status.ACTIVE : Status.LABELLED);
    }

    FabriqueLabel withStatus(Status newStatus) {
        return new FabriqueLabel(track, wave, year, yearlyGrantEur, newStatus);
    }

    ThirdPlaceState.FabriqueLabel toState() {
        return new ThirdPlaceState.FabriqueLabel(track.name(), wave, year, yearlyGrantEur, status.name());
    }
}
