package fr.maillage.registry.usecase;

import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Adds a tiers-lieu to the network of a labelled Fabrique: the national structure or the Fabrique's operator. */
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
        var applied = changes.apply(command.thirdPlaceId(), null, place -> { },
                (place, now) -> place.joinNetwork(fabrique, now));
        return new PlaceResult(applied.place(), applied.changed());
    }
}
