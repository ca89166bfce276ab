package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;

/** Who may act on a tiers-lieu besides the national structure: the organisation that operates it. */
final class Access {

    private Access() {
    }

    static boolean operates(Caller caller, ThirdPlace place) {
        return caller.organisationId().equals(place.details().operatorId());
    }

    static void requireNationalOrOperator(Caller caller, ThirdPlace place, String action) {
        if (!caller.isNational() && !operates(caller, place)) {
            throw ApiException.forbidden("Only the national structure or the operator of the tiers-lieu "
                    + place.id() + " may " + action + ".");
        }
    }
}
