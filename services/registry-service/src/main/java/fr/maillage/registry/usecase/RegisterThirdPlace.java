package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.events.RegistryOutbox;
import fr.maillage.security.ApiException;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.Map;

/**
 * Registers a tiers-lieu. A retry with the same id and the same details returns the place as it is
 * now, also once it changed since (closed, renamed …).
 */
@Service
public class RegisterThirdPlace {

    private final AggregateStore<ThirdPlace> places;
    private final Clock clock;

    public RegisterThirdPlace(AggregateStore<ThirdPlace> places, Clock clock) {
        this.places = places;
        this.clock = clock;
    }

    public record Command(String id, ThirdPlaceDetails details, String sourceRef) {
    }

    public record Result(ThirdPlace place, boolean created) {
    }

    public Result register(Command command) {
        ThirdPlace.Change change = ThirdPlace.register(command.id(), command.details(), command.sourceRef(), clock.instant());
        if (places.insert(command.id(), 1, change.place(), RegistryOutbox.of(change))) {
            return new Result(change.place(), true);
        }
        ThirdPlace existing = places.find(command.id()).orElseThrow().state();
        if (existing.registeredWith(command.details())) {
            return new Result(existing, false);
        }
        throw ApiException.conflict("A tiers-lieu with the id " + command.id() + " was registered with other details:"
                + " read it with GET and change it with PATCH; use another id (or Idempotency-Key) only for another"
                + " place.", Map.of("currentVersion", existing.version()));
    }
}
