package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/**
 * A tiers-lieu's facilitators, personal data included, for the national structure or the place's
 * operator: how a facilitator whose id was lost (a registration retried without an
 * Idempotency-Key) is found again, to be erased or answered for.
 */
@Service
public class ListFacilitators {

    private final AggregateStore<ThirdPlace> places;
    private final RegistrySearches searches;

    ListFacilitators(AggregateStore<ThirdPlace> places, RegistrySearches searches) {
        this.places = places;
        this.searches = searches;
    }

    public RegistrySearches.Found<Facilitator> ofPlace(Caller caller, String thirdPlaceId, int page, int size) {
        ThirdPlace place = places.find(thirdPlaceId).orElseThrow(() -> ApiException.notFound("tiers-lieu", thirdPlaceId))
                .state();
        Access.requireNationalOrOperator(caller, place, "see its facilitators");
        return searches.facilitators(thirdPlaceId, page, size);
    }
}
