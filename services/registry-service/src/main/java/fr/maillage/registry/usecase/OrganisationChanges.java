package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.Outcome;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** Load, apply, store for organisations; a concurrent change makes it reapply to the fresh state. */
@Component
class OrganisationChanges {

    private static final int ATTEMPTS = 5;

    private final AggregateStore<Organisation> organisations;

    OrganisationChanges(AggregateStore<Organisation> organisations) {
        this.organisations = organisations;
    }

    Organisation apply(String id, Function<Organisation, Outcome<Organisation.Change>> transition) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var current = organisations.find(id).orElseThrow(() -> ApiException.notFound("organisation", id));
            Outcome<Organisation.Change> outcome = transition.apply(current.state());
            if (outcome instanceof Outcome.Refused<Organisation.Change> refused) {
                throw ApiException.conflict(refused.reason(), Map.of("currentVersion", current.version()));
            }
            if (!(outcome instanceof Outcome.Changed<Organisation.Change> changed)) {
                return current.state();
            }
            Organisation next = changed.change().organisation();
            if (organisations.update(id, current.version(), next.version(), next, RegistryOutbox.of(changed.change()))) {
                return next;
            }
        }
        // contention, not a conflict with what the caller sent: the same request will pass in a moment
        throw ApiException.unavailable("The organisation " + id + " is being changed by many requests at once; retry.", Duration.ofSeconds(1));
    }
}
