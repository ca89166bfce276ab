package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Component;

/** Finds a facilitator for a caller: the national structure, or the operator of the place employing them. */
@Component
class FacilitatorAccess {

    private final AggregateStore<Facilitator> facilitators;
    private final AggregateStore<ThirdPlace> places;

    FacilitatorAccess(AggregateStore<Facilitator> facilitators, AggregateStore<ThirdPlace> places) {
        this.facilitators = facilitators;
        this.places = places;
    }

    AggregateStore.Versioned<Facilitator> require(Caller caller, String id) {
        var found = facilitators.find(id).orElseThrow(() -> ApiException.notFound("facilitator", id));
        if (!caller.isNational()) {
            var place = places.find(found.state().thirdPlaceId());
            if (place.isEmpty() || !Access.operates(caller, place.get().state())) {
                throw ApiException.forbidden("Only the national structure or the operator of the tiers-lieu "
                        + "employing the facilitator " + id + " may see or change them.");
            }
        }
        return found;
    }
}
