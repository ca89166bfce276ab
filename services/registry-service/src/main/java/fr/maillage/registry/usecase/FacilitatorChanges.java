package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.Outcome;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Load, authorise, apply, store for facilitators, then the place's counts follow. */
@Component
class FacilitatorChanges {

    private static final int ATTEMPTS = 5;

    private final AggregateStore<Facilitator> facilitators;
    private final FacilitatorAccess access;
    private final FacilitatorCounts counts;
    private final Clock clock;

    FacilitatorChanges(AggregateStore<Facilitator> facilitators, FacilitatorAccess access, FacilitatorCounts counts,
                       Clock clock) {
        this.facilitators = facilitators;
        this.access = access;
        this.counts = counts;
        this.clock = clock;
    }

    record Applied(Facilitator facilitator, boolean changed) {
    }

    Applied apply(Caller caller, String id, BiFunction<Facilitator, Instant, Outcome<Facilitator.Change>> transition) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var current = access.require(caller, id);
            Outcome<Facilitator.Change> outcome = transition.apply(current.state(), clock.instant());
            if (outcome instanceof Outcome.Refused<Facilitator.Change> refused) {
                throw ApiException.conflict(refused.reason(), Map.of("currentVersion", current.version()));
            }
            if (!(outcome instanceof Outcome.Changed<Facilitator.Change> changed)) {
                // a retry after a crash between the two writes still brings the counts up to date
                counts.refreshAfterWrite(current.state().thirdPlaceId());
                return new Applied(current.state(), false);
            }
            Facilitator next = changed.change().facilitator();
            if (facilitators.update(id, current.version(), next.version(), next, List.of())) {
                counts.refreshAfterWrite(next.thirdPlaceId());
                return new Applied(next, true);
            }
        }
        // contention, not a conflict with what the caller sent: the same request will pass in a moment
        throw ApiException.unavailable("The facilitator " + id + " is being changed by many requests at once; retry.", Duration.ofSeconds(1));
    }
}
