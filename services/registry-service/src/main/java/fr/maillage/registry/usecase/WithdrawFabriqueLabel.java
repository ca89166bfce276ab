package fr.maillage.registry.usecase;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Withdraws the Fabrique label of a tiers-lieu (national structure only), refused while its network
 * has members: they are removed one by one first, so no place is left in a network without a Fabrique.
 */
@Service
public class WithdrawFabriqueLabel {

    /** More than the additions that can be under way at once. */
    private static final int LATE_MEMBERS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(WithdrawFabriqueLabel.class);

    private final PlaceChanges changes;
    private final AggregateStore<ThirdPlace> places;

    WithdrawFabriqueLabel(PlaceChanges changes, AggregateStore<ThirdPlace> places) {
        this.changes = changes;
        this.places = places;
    }

    public record Command(String thirdPlaceId) {
    }

    public ThirdPlace withdraw(Caller caller, Command command) {
        caller.requireAny(Role.NATIONAL);
        String fabriqueId = command.thirdPlaceId();
        var applied = changes.apply(fabriqueId, null, place -> { },
                (place, now) -> place.withdrawLabel(places.count(members(fabriqueId)), now));
        if (applied.changed()) {
            removeLateMembers(fabriqueId);
        }
        return applied.place();
    }

    /**
     * Members counted after the withdrawal: places whose addition read the label before it was
     * withdrawn and joined after the count. Each addition checks the label again after joining
     * and undoes itself; one that checked before the withdrawal is found here (one side always
     * sees the other), and the place leaves the network of what is no longer a Fabrique.
     */
    private void removeLateMembers(String fabriqueId) {
        for (ThirdPlace member : places.find(members(fabriqueId), Sorts.ascending("_id"), 0, LATE_MEMBERS)) {
            log.warn("{} joined the network of {} while its Fabrique label was being withdrawn; it leaves it",
                    member.id(), fabriqueId);
            changes.apply(member.id(), null, place -> { }, (place, now) -> place.leaveNetwork(fabriqueId, now));
        }
    }

    private static Bson members(String fabriqueId) {
        return Filters.eq("state.networkFabriqueId", fabriqueId);
    }
}
