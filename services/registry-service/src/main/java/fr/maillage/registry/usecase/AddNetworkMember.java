package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.util.Map;

/**
 * Adds a tiers-lieu to the network of a labelled Fabrique: the national structure, or the Fabrique's
 * operator for a place it also operates.
 */
@Service
public class AddNetworkMember {

    private final PlaceChanges changes;

    AddNetworkMember(PlaceChanges changes) {
        this.changes = changes;
    }

    /** {@code expectedVersion}, of the member place, may be null: the command means the same whatever the version. */
    public record Command(String fabriqueId, String thirdPlaceId, Long expectedVersion) {
    }

    public PlaceResult add(Caller caller, Command command) {
        var fabrique = changes.require(command.fabriqueId());
        if (!caller.isNational() && !Access.operates(caller, fabrique)) {
            throw ApiException.forbidden("Only the national structure or the operator of the Fabrique "
                    + fabrique.id() + " may change its network.");
        }
        var applied = changes.apply(command.thirdPlaceId(), command.expectedVersion(), place -> {
            // a member is a place the Fabrique may publish activity for: one it does not operate itself
            // (another organisation's, or one nobody operates yet, as every imported place) joins only
            // through the national structure, never on the Fabrique's word alone (a member already is
            // one: adding it again changes nothing, whoever asks)
            boolean member = fabrique.id().equals(place.networkFabriqueId());
            if (!member && !caller.isNational() && !Access.operates(caller, place)) {
                throw ApiException.forbidden("The tiers-lieu " + place.id()
                        + (place.details().operatorId() == null ? " has no operator" : " is operated by another organisation")
                        + ": only the national structure may add it to the network of " + fabrique.id() + ".");
            }
        }, (place, now) -> place.joinNetwork(fabrique, now));
        var fabriqueNow = changes.require(fabrique.id());
        if (handedOverMeanwhile(fabrique, fabriqueNow, applied.place())) {
            // the Fabrique was handed to another organisation after it was read here: that handover may
            // have counted the members before this one joined, and its new operator would publish for a
            // place it does not operate; a join this request made is undone (UpdateThirdPlace, the other
            // side, gives the Fabrique back to its former operator if it sees the member)
            if (applied.changed()) {
                changes.apply(command.thirdPlaceId(), null, place -> { },
                        (place, now) -> place.leaveNetwork(fabrique.id(), now));
                throw ApiException.conflict("The Fabrique " + fabrique.id() + " was handed to "
                        + fabriqueNow.details().operatorId() + " while " + command.thirdPlaceId() + ", which "
                        + applied.place().details().operatorId() + " operates, was being added to its network: it is"
                        + " not a member.", Map.of());
            }
            throw ApiException.conflict("The Fabrique " + fabrique.id() + " was handed to another operator: read "
                    + command.thirdPlaceId() + " again to see whether it is still a member.", Map.of());
        }
        if (!fabriqueNow.isFabrique()) {
            // the label was withdrawn after it was read here: that withdrawal may have counted the
            // members before this one joined, so a join this request made is undone; an addition is
            // answered 200 only once the label is seen in force after the join (WithdrawFabriqueLabel,
            // the other side, puts the label back if it sees the member)
            if (applied.changed()) {
                changes.apply(command.thirdPlaceId(), null, place -> { },
                        (place, now) -> place.leaveNetwork(fabrique.id(), now));
                throw ApiException.conflict("The Fabrique label of " + fabrique.id() + " was withdrawn while "
                        + command.thirdPlaceId() + " was being added to its network: it is not a member.", Map.of());
            }
            throw ApiException.conflict("The Fabrique label of " + fabrique.id() + " is being withdrawn or was"
                    + " withdrawn: read " + command.thirdPlaceId() + " again to see whether it is still a member.",
                    Map.of());
        }
        return new PlaceResult(applied.place(), applied.changed());
    }

    /** Whether the Fabrique now has another operator than when read, one that does not operate the member. */
    private static boolean handedOverMeanwhile(ThirdPlace fabriqueRead, ThirdPlace fabriqueNow, ThirdPlace member) {
        String operatorNow = fabriqueNow.details().operatorId();
        String memberOperator = member.details().operatorId();
        return operatorNow != null && !operatorNow.equals(fabriqueRead.details().operatorId())
                && memberOperator != null && !memberOperator.equals(operatorNow);
    }
}
