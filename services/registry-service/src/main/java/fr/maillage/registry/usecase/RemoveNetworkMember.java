package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Removes a tiers-lieu from a Fabrique's network; removing a place that is not in it changes nothing. */
@Service
public class RemoveNetworkMember {

    private final PlaceChanges changes;

    RemoveNetworkMember(PlaceChanges changes) {
        this.changes = changes;
    }

    /** {@code expectedVersion}, of the member place, may be null: the command means the same whatever the version. */
    public record Command(String fabriqueId, String thirdPlaceId, Long expectedVersion) {
    }

    public ThirdPlace remove(Caller caller, Command command) {
        var fabrique = changes.require(command.fabriqueId());
        if (!caller.isNational() && !Access.operates(caller, fabrique)) {
            throw ApiException.forbidden("Only the national structure or the operator of the Fabrique "
                    + fabrique.id() + " may change its network.");
        }
        return changes.apply(command.thirdPlaceId(), command.expectedVersion(), place -> { },
                (place, now) -> place.leaveNetwork(fabrique.id(), now)).place();
    }
}
