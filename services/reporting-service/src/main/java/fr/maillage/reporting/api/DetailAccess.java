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
        ApiException refused = outsideTerritory(caller, region);
        if (refused != null) {
            throw refused;
        }
    }

    /** Whether the caller reads the detail of that région: {@link #check}'s rule, as an answer. */
    static boolean mayRead(Caller caller, String region) {
        return caller != null && (caller.isNational() || caller.has(Role.ANALYST))
                && outsideTerritory(caller, region) == null;
    }

    /** Why a reader's territory does not cover the région, or null when it does. */
    private static ApiException outsideTerritory(Caller caller, String region) {
        if (caller.isNational() || caller.territoryLevel() == null) {
            return null;
        }
        if (!REGION.equals(caller.territoryLevel())) {
            return ApiException.forbidden("This key is scoped to a territory of level " + caller.territoryLevel()
                    + "; detail is served to national analysts and to analysts of a région.");
        }
        if (region == null) {
            return ApiException.forbidden("This key reads the detail of région " + caller.territoryCode()
                    + " only: add region=" + caller.territoryCode() + ".");
        }
        if (!region.equals(caller.territoryCode())) {
            return ApiException.forbidden("This key reads the detail of région " + caller.territoryCode()
                    + " only, not of région " + region + ".");
        }
        return null;
    }
}
