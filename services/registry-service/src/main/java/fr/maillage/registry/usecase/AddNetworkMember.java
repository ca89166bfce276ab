package fr.maillage.registry.usecase;

import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.util.Map;

/**
 * Adds a tiers-lieu to the network of a labelled Fabrique: the national structure, or the Fabrique's
 * operator for a place it also operates or that no organisation operates.
 */
@Service
public class AddNetworkMember {

    private final PlaceChanges changes;

    AddNetworkMember(PlaceChanges changes) {
        this.changes = changes;
    }

    public record Command(String fabriqueId, String thirdPlaceId) {
    }

    public PlaceResult add(Caller caller, Command command) {
        var fabrique = changes.require(command.fabriqueId());
        if (!caller.isNational() && !Access.operates(caller, fabrique)) {
            throw ApiException.forbidden("Only the national structure or the operator of the Fabrique "
                    + fabrique.id() + " may change its network.");
        }
        if (!fabrique.isFabrique()) {
            // the retry of an addition whose undo (below) did not complete: it leaves, then is refused
            leave(command.thirdPlaceId(), fabrique.id());
        }
        var applied = changes.apply(command.thirdPlaceId(), null, place -> {
            // a member is a place the Fabrique may publish activity for: one operated by another
            // organisation joins only through the national structure, never on the Fabrique's word alone
            String operator = place.details().operatorId();
            if (!caller.isNational() && operator != null && !Access.operates(caller, place)) {
                throw ApiException.forbidden("The tiers-lieu " + place.id() + " is operated by another organisation:"
                        + " only the national structure may add it to the network of " + fabrique.id() + ".");
            }
        }, (place, now) -> place.joinNetwork(fabrique, now));
        if (applied.changed() && !changes.require(fabrique.id()).isFabrique()) {
            // the label was withdrawn after it was read here: that withdrawal may have counted the
            // members before this one joined, so the join is undone (WithdrawFabriqueLabel, the other side)
            leave(command.thirdPlaceId(), fabrique.id());
            throw ApiException.conflict("The Fabrique label of " + fabrique.id() + " was withdrawn while "
                    + command.thirdPlaceId() + " was being added to its network: it is not a member.", Map.of());
        }
        return new PlaceResult(applied.place(), applied.changed());
    }

    private void leave(String thirdPlaceId, String fabriqueId) {
        changes.apply(thirdPlaceId, null, place -> { }, (place, now) -> place.leaveNetwork(fabriqueId, now));
    }
}
