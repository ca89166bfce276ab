package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Closes a tiers-lieu; closing a closed place changes nothing. */
@Service
public class CloseThirdPlace {

    private final PlaceChanges changes;

    CloseThirdPlace(PlaceChanges changes) {
        this.changes = changes;
    }

    /** {@code expectedVersion} may be null: the command means the same whatever the version. */
    public record Command(String id, Long expectedVersion) {
    }

    public ThirdPlace close(Caller caller, Command command) {
        return changes.apply(command.id(), command.expectedVersion(),
                place -> Access.requireNationalOrOperator(caller, place, "close it"),
                (place, now) -> place.close(now)).place();
    }
}
