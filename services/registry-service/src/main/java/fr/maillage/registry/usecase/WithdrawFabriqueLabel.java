package fr.maillage.registry.usecase;

import com.mongodb.client.model.Filters;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import org.springframework.stereotype.Service;

/**
 * Withdraws the Fabrique label of a tiers-lieu (national structure only), refused while its network
 * has members: they are removed one by one first, so no place is left in a network without a Fabrique.
 */
@Service
public class WithdrawFabriqueLabel {

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
        return changes.apply(command.thirdPlaceId(), null, place -> { },
                (place, now) -> place.withdrawLabel(
                        places.count(Filters.eq("state.networkFabriqueId", command.thirdPlaceId())), now)).place();
    }
}
