package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Changes a tiers-lieu the caller read at {@code expectedVersion}; 409 when someone changed it since. */
@Service
public class UpdateThirdPlace {

    private final AggregateStore<ThirdPlace> places;
    private final Clock clock;

    public UpdateThirdPlace(AggregateStore<ThirdPlace> places, Clock clock) {
        this.places = places;
        this.clock = clock;
    }

    public record Command(String id, long expectedVersion, UnaryOperator<ThirdPlaceDetails> changes) {
    }

    public ThirdPlace update(Caller caller, Command command) {
        var current = places.find(command.id()).orElseThrow(() -> ApiException.notFound("tiers-lieu", command.id()));
        ThirdPlace place = current.state();
        if (!caller.isNational() && !caller.organisationId().equals(place.details().operatorId())) {
            throw ApiException.forbidden("Only the national structure or the operator of this tiers-lieu may change it.");
        }
        if (current.version() != command.expectedVersion()) {
            throw versionMovedOn(command, current.version());
        }
        var change = place.update(command.changes().apply(place.details()), clock.instant());
        if (change.isEmpty()) {
            return place;
        }
        ThirdPlace next = change.get().place();
        if (!places.update(command.id(), current.version(), next.version(), next, RegistryOutbox.of(change.get()))) {
            long now = places.find(command.id()).map(AggregateStore.Versioned::version).orElse(-1L);
            throw versionMovedOn(command, now);
        }
        return next;
    }

    private static ApiException versionMovedOn(Command command, long currentVersion) {
        return ApiException.conflict("The tiers-lieu " + command.id() + " is at version " + currentVersion
                        + ", not " + command.expectedVersion() + ": read it again and reapply your change.",
                Map.of("currentVersion", currentVersion));
    }
}
