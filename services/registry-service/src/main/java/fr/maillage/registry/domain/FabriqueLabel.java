package fr.maillage.registry.domain;

import fr.maillage.events.registry.ThirdPlaceState;

import java.util.Objects;

/** The Fabrique de territoire label of a tiers-lieu: track, wave and year, yearly grant. */
public record FabriqueLabel(Track track, int wave, int year, long yearlyGrantEur, Status status) {

    public enum Track { QPV, RURAL }

    public enum Status { LABELLED, ACTIVE, WITHDRAWN }

    public FabriqueLabel {
        Objects.requireNonNull(track, "track");
        Objects.requireNonNull(status, "status");
    }

    ThirdPlaceState.FabriqueLabel toState() {
        return new ThirdPlaceState.FabriqueLabel(track.name(), wave, year, yearlyGrantEur, status.name());
    }
}
