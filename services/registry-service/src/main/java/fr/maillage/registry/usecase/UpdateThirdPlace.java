package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.util.function.UnaryOperator;

/** Changes a tiers-lieu the caller read at {@code expectedVersion}; 409 when someone changed it since. */
@Service
public class UpdateThirdPlace {

    private final PlaceChanges changes;

    UpdateThirdPlace(PlaceChanges changes) {
        this.changes = changes;
    }

    public record Command(String id, long expectedVersion, UnaryOperator<ThirdPlaceDetails> changes) {
    }

    public ThirdPlace update(Caller caller, Command command) {
        return changes.apply(command.id(), command.expectedVersion(),
                place -> Access.requireNationalOrOperator(caller, place, "change it"),
                (place, now) -> place.update(command.changes().apply(place.details()), now)).place();
    }
}
