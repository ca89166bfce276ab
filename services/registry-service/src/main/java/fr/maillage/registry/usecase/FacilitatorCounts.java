package fr.maillage.registry.usecase;

import fr.maillage.registry.store.FacilitatorTallies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the facilitator counts of each tiers-lieu equal to what the facilitators collection says.
 * A facilitator and their place are two documents and there are no transactions, so the counts
 * are recomputed (never incremented): after each facilitator change (again within seconds when
 * that fails), and by a periodic pass that repairs a place left behind by a crash between the two
 * writes.
 */
@Component
public class FacilitatorCounts {

    private static final Logger log = LoggerFactory.getLogger(FacilitatorCounts.class);

    private final FacilitatorTallies tallies;
    private final PlaceChanges changes;
    private final Set<String> behind = ConcurrentHashMap.newKeySet();

    FacilitatorCounts(FacilitatorTallies tallies, PlaceChanges changes) {
        this.tallies = tallies;
        this.changes = changes;
    }

    /** Brings the counts of one place up to date; returns whether they changed. */
    boolean refresh(String thirdPlaceId) {
        // counted after each read of the place: a count written over a version counted after it, so of two
        // facilitators registered at once the write based on the older count loses its version and counts again
        return changes.apply(thirdPlaceId, null, place -> { }, (place, now) -> {
            FacilitatorTallies.Counts counts = tallies.of(thirdPlaceId);
            return place.countFacilitators(counts.total(), counts.certified(), now);
        }).changed();
    }

    /**
     * The same after a facilitator was written: that write stands even if the place is too busy to
     * follow right now (its version raced by many registrations at once, or the store away for a
     * moment); its counts are tried again within seconds, and by the periodic pass after a crash.
     */
    void refreshAfterWrite(String thirdPlaceId) {
        try {
            refresh(thirdPlaceId);
        } catch (RuntimeException e) {
            behind.add(thirdPlaceId);
            log.warn("Facilitator counts of tiers-lieu {} left behind, tried again in a few seconds: {}", thirdPlaceId,
                    e.getMessage());
        }
    }

    /** Recounts the places whose counts could not follow their facilitators' writes. */
    @Scheduled(initialDelayString = "${maillage.registry.facilitator-counts.retry-ms:5000}",
            fixedDelayString = "${maillage.registry.facilitator-counts.retry-ms:5000}")
    public void retryBehind() {
        for (String thirdPlaceId : List.copyOf(behind)) {
            behind.remove(thirdPlaceId);
            try {
                refresh(thirdPlaceId);
            } catch (RuntimeException e) {
                behind.add(thirdPlaceId);
                log.warn("Facilitator counts of tiers-lieu {} still behind: {}", thirdPlaceId, e.getMessage());
            }
        }
    }

    /**
     * Compares, in one pass over each collection, what the facilitators add up to with what the
     * places recorded, and recounts only the places where they differ (a recount reads the
     * facilitators again, so it is kept for the few a crash left behind).
     */
    @Scheduled(initialDelayString = "${maillage.registry.facilitator-counts.initial-delay-ms:5000}",
            fixedDelayString = "${maillage.registry.facilitator-counts.interval-ms:600000}")
    public void repairAll() {
        Map<String, FacilitatorTallies.Counts> working = tallies.fromFacilitators();
        Map<String, FacilitatorTallies.Counts> recorded = tallies.recordedOnPlaces();
        Set<String> placeIds = new LinkedHashSet<>(working.keySet());
        placeIds.addAll(recorded.keySet());
        int repaired = 0;
        for (String placeId : placeIds) {
            if (working.getOrDefault(placeId, FacilitatorTallies.Counts.NONE)
                    .equals(recorded.getOrDefault(placeId, FacilitatorTallies.Counts.NONE))) {
                continue;
            }
            try {
                repaired += refresh(placeId) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("Facilitator counts of tiers-lieu {} not repaired this time: {}", placeId, e.getMessage());
            }
        }
        if (repaired > 0) {
            log.info("Facilitator counts repaired on {} tiers-lieux", repaired);
        }
    }
}
