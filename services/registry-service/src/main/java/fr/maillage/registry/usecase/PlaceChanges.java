package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Outcome;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Load, authorise, apply, store: the steps every change of a tiers-lieu goes through. With the
 * version the caller read, a concurrent change answers 409 (also when the change would no longer
 * pass its checks: those ran against a state the caller never read); without it (commands that
 * are idempotent whatever the version), the change is reapplied to the fresh state. A change
 * already in effect answers as if made, whatever the version.
 */
@Component
class PlaceChanges {

    private static final int ATTEMPTS = 5;

    private final AggregateStore<ThirdPlace> places;
    private final Clock clock;

    PlaceChanges(AggregateStore<ThirdPlace> places, Clock clock) {
        this.places = places;
        this.clock = clock;
    }

    /** The place after the command, and whether the command changed it. */
    record Applied(ThirdPlace place, boolean changed) {
    }

    ThirdPlace require(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("tiers-lieu", id));
    }

    Optional<ThirdPlace> find(String id) {
        return places.find(id).map(AggregateStore.Versioned::state);
    }

    Applied apply(String id, Long expectedVersion, Consumer<ThirdPlace> authorise,
                  BiFunction<ThirdPlace, Instant, Outcome<ThirdPlace.Change>> transition) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var current = places.find(id).orElseThrow(() -> ApiException.notFound("tiers-lieu", id));
            authorise.accept(current.state());
            boolean stale = expectedVersion != null && current.version() != expectedVersion;
            Outcome<ThirdPlace.Change> outcome;
            try {
                outcome = transition.apply(current.state(), clock.instant());
            } catch (ApiException refusedOverANewerVersion) {
                if (stale) { // the caller's change was checked against a state it never read: it is told to read it
                    throw versionMovedOn(id, expectedVersion, current.version());
                }
                throw refusedOverANewerVersion;
            }
            if (outcome instanceof Outcome.Unchanged<ThirdPlace.Change>) {
                // already in effect: the retry of a write whose answer was lost, whatever version it was sent with
                return new Applied(current.state(), false);
            }
            if (stale) {
                throw versionMovedOn(id, expectedVersion, current.version());
            }
            if (outcome instanceof Outcome.Refused<ThirdPlace.Change> refused) {
                throw ApiException.conflict(refused.reason(), Map.of("currentVersion", current.version()));
            }
            if (!(outcome instanceof Outcome.Changed<ThirdPlace.Change> changed)) {
                return new Applied(current.state(), false);
            }
            ThirdPlace next = changed.change().place();
            if (places.update(id, current.version(), next.version(), next, RegistryOutbox.of(changed.change()))) {
                return new Applied(next, true);
            }
            // changed meanwhile: the next pass reads it again, and answers 409 unless this very change
            // is what was written (the same request sent twice at once, a retry racing its original)
        }
        // contention, not a conflict with what the caller sent: the same request will pass in a moment
        throw ApiException.unavailable("The tiers-lieu " + id + " is being changed by many requests at once; retry.", Duration.ofSeconds(1));
    }

    private static ApiException versionMovedOn(String id, long expected, long current) {
        return ApiException.conflict("The tiers-lieu " + id + " is at version " + current + ", not " + expected
                + ": read it again and reapply your change.", Map.of("currentVersion", current));
    }
}
