package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.LocalDate;

/** Opens a tiers-lieu in project, or reopens a closed one; opening an open place changes nothing. */
@Service
public class OpenThirdPlace {

    private final PlaceChanges changes;

    OpenThirdPlace(PlaceChanges changes) {
        this.changes = changes;
    }

    /** {@code expectedVersion} may be null: the command means the same whatever the version. */
    public record Command(String id, Long expectedVersion, LocalDate openedOn) {
    }

    public ThirdPlace open(Caller caller, Command command) {
        return changes.apply(command.id(), command.expectedVersion(),
                place -> Access.requireNationalOrOperator(caller, place, "open it"),
                (place, now) -> place.open(command.openedOn(), now)).place();
    }
}
