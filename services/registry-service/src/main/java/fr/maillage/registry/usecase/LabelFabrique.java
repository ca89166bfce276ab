package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.FabriqueLabel;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

/** Labels a tiers-lieu Fabrique de territoire (national structure only); the same label again changes nothing. */
@Service
public class LabelFabrique {

    private final PlaceChanges changes;

    LabelFabrique(PlaceChanges changes) {
        this.changes = changes;
    }

    /** {@code expectedVersion} may be null: the same label means the same whatever the version. */
    public record Command(String thirdPlaceId, FabriqueLabel.Track track, int wave, int year, long yearlyGrantEur,
                          Long expectedVersion) {
    }

    public PlaceResult label(Caller caller, Command command) {
        caller.requireAny(Role.NATIONAL);
        var applied = changes.apply(command.thirdPlaceId(), command.expectedVersion(), place -> { },
                (place, now) -> place.label(command.track(), command.wave(), command.year(), command.yearlyGrantEur(), now));
        return new PlaceResult(applied.place(), applied.changed());
    }
}
