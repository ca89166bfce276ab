package fr.maillage.reporting.api;

import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;

/**
 * Who may read detail (per tiers-lieu, per network): analysts and the national structure; an
 * analyst scoped to a région reads only that région's detail.
 */
final class DetailAccess {

    private static final String REGION = "REGION";

    private DetailAccess() {
    }

    static void requireReader(Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized("Detail needs an API key: 'Authorization: Bearer <key>'.");
        }
        caller.requireAny(Role.ANALYST, Role.NATIONAL);
    }

    /** @param region the région the detail belongs to (null: the whole country) */
    static void check(Caller caller, String region) {
        requireReader(caller);
        if (caller.isNational() || caller.territoryLevel() == null) {
            return;
        }
        if (!REGION.equals(caller.territoryLevel())) {
            throw ApiException.forbidden("This key is scoped to a territory of level " + caller.territoryLevel()
                    + "; detail is served to national analysts and to analysts of a région.");
        }
        if (region == null) {
            throw ApiException.forbidden("This key reads the detail of région " + caller.territoryCode()
                    + " only: add region=" + caller.territoryCode() + ".");
        }
        if (!region.equals(caller.territoryCode())) {
            throw ApiException.forbidden("This key reads the detail of région " + caller.territoryCode()
                    + " only, not of région " + region + ".");
        }
    }
}
