package fr.maillage.registry.domain;

import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.events.registry.ThirdPlaceUpdated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tiers-lieu of the national register. Each change returns the new state and the event it
 * caused; the store saves both in one document update.
 */
public record ThirdPlace(String id, long version, ThirdPlaceDetails details, FabriqueLabel fabriqueLabel,
                         String networkFabriqueId, int facilitators, int certifiedFacilitators, String sourceRef,
                         Instant createdAt, Instant updatedAt) {

    public ThirdPlace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
    }

    /** A new state with the event that produced it. */
    public record Change(ThirdPlace place, ThirdPlaceEvent event) {
    }

    public static Change register(String id, ThirdPlaceDetails details, String sourceRef, Instant now) {
        ThirdPlace place = new ThirdPlace(id, 1, details, null, null, 0, 0, sourceRef, now, now);
        return new Change(place, new ThirdPlaceRegistered(id, 1, now, place.toState()));
    }

    /** Applies new details; no change, no event. */
    public java.util.Optional<Change> update(ThirdPlaceDetails newDetails, Instant now) {
        List<String> changed = changedFields(details, newDetails);
        if (changed.isEmpty()) {
            return java.util.Optional.empty();
        }
        ThirdPlace next = new ThirdPlace(id, version + 1, newDetails, fabriqueLabel, networkFabriqueId, facilitators,
                certifiedFacilitators, sourceRef, createdAt, now);
        return java.util.Optional.of(new Change(next, new ThirdPlaceUpdated(id, next.version, now, changed, next.toState())));
    }

    /** The state other services see: no personal data. */
    public ThirdPlaceState toState() {
        CommuneRef commune = details.commune();
        return new ThirdPlaceState(id, version, details.name(), details.operatorId(), details.address(),
                details.postalCode(), commune.code(), commune.name(), commune.departement(), commune.region(),
                commune.metropoleCode(), commune.sizeClass(), details.latitude(), details.longitude(),
                details.typologies().stream().map(Enum::name).sorted().toList(), details.status().name(),
                details.surfaceM2(), details.qpvCode(), details.openedOn(),
                fabriqueLabel == null ? null : fabriqueLabel.toState(), networkFabriqueId, facilitators,
                certifiedFacilitators, updatedAt);
    }

    private static List<String> changedFields(ThirdPlaceDetails before, ThirdPlaceDetails after) {
        List<String> changed = new ArrayList<>();
        compare(changed, "name", before.name(), after.name());
        compare(changed, "operatorId", before.operatorId(), after.operatorId());
        compare(changed, "address", before.address(), after.address());
        compare(changed, "postalCode", before.postalCode(), after.postalCode());
        compare(changed, "commune", before.commune(), after.commune());
        compare(changed, "latitude", before.latitude(), after.latitude());
        compare(changed, "longitude", before.longitude(), after.longitude());
        compare(changed, "typologies", before.typologies(), after.typologies());
        compare(changed, "status", before.status(), after.status());
        compare(changed, "surfaceM2", before.surfaceM2(), after.surfaceM2());
        compare(changed, "qpvCode", before.qpvCode(), after.qpvCode());
        compare(changed, "openedOn", before.openedOn(), after.openedOn());
        compare(changed, "services", before.services(), after.services());
        return changed;
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
