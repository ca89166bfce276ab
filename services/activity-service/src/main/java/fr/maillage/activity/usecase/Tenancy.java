package fr.maillage.activity.usecase;

import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.RegistryReplica;
import fr.maillage.security.Role;
import org.springframework.stereotype.Component;

/**
 * Who may publish for which tiers-lieu, from the local replica of the registry: an organisation for
 * the places it operates and, when it operates a labelled Fabrique, for the members of its network;
 * the national structure for every known place.
 */
@Component
class Tenancy {

    // the replica follows the registry within seconds: an unknown id may be a typo or a place just registered
    static final String UNKNOWN = "unknown tiers-lieu: not known to the activity service (yet): a tiers-lieu"
            + " registered a moment ago reaches it within seconds; check the id, or retry shortly";
    static final String OUTSIDE = "this tiers-lieu is neither operated by your organisation nor a member of"
            + " the network of a Fabrique it operates";

    private final RegistryReplica replica;

    Tenancy(RegistryReplica replica) {
        this.replica = replica;
    }

    /** The place, when the caller may publish for it. */
    sealed interface Decision {
    }

    record Allowed(ThirdPlaceState place) implements Decision {
    }

    record Refused(String reason) implements Decision {
    }

    Decision check(Caller caller, String thirdPlaceId) {
        ThirdPlaceState place = replica.thirdPlace(thirdPlaceId).orElse(null);
        if (place == null) {
            return new Refused(UNKNOWN);
        }
        if (caller.isNational() || operates(caller.organisationId(), place)) {
            return new Allowed(place);
        }
        ThirdPlaceState fabrique = networkFabriqueOperatedBy(caller.organisationId(), place);
        if (fabrique == null) {
            return new Refused(OUTSIDE);
        }
        if (fabrique.fabriqueInForce()) {
            return new Allowed(place);
        }
        // still a member of the caller's network: say why that no longer counts
        return new Refused("the Fabrique " + fabrique.thirdPlaceId() + " of this tiers-lieu's network "
                + ("CLOSED".equals(fabrique.status()) ? "is closed" : "has no label in force")
                + ": it publishes only for the places it operates");
    }

    /**
     * Whose reports a batch holds: the caller's, or, when the national structure names another
     * organisation, that one's, so that it may correct reports their publisher can no longer correct
     * (revisions are per publisher, and a publisher that lost a place may not publish for it).
     */
    String publisherFor(Caller caller, String onBehalfOf) {
        if (onBehalfOf == null || onBehalfOf.equals(caller.organisationId())) {
            return caller.organisationId();
        }
        if (!caller.isNational()) {
            throw ApiException.forbidden("Only the national structure publishes on behalf of another organisation"
                    + " (onBehalfOf): leave it out to publish your organisation's own reports.");
        }
        if (replica.organisation(onBehalfOf).isEmpty()) {
            throw ApiException.invalidField("onBehalfOf", "unknown organisation: not known to the activity service"
                    + " (yet): check the id, or retry shortly if it was registered a moment ago");
        }
        return onBehalfOf;
    }

    /** Whether an organisation (not the caller: the owner of what the caller publishes) may publish for a place. */
    boolean mayPublish(String organisationId, String thirdPlaceId) {
        ThirdPlaceState place = replica.thirdPlace(thirdPlaceId).orElse(null);
        if (place == null) {
            return false;
        }
        boolean national = replica.organisation(organisationId)
                .map(organisation -> organisation.roles().contains(Role.NATIONAL.name())).orElse(false);
        return national || operates(organisationId, place) || operatesTheLabelledFabriqueOf(organisationId, place);
    }

    private static boolean operates(String organisationId, ThirdPlaceState place) {
        return organisationId.equals(place.operatorId());
    }

    private boolean operatesTheLabelledFabriqueOf(String organisationId, ThirdPlaceState place) {
        ThirdPlaceState fabrique = networkFabriqueOperatedBy(organisationId, place);
        return fabrique != null && fabrique.fabriqueInForce();
    }

    /** The Fabrique of the place's network, when the organisation operates it; null otherwise. */
    private ThirdPlaceState networkFabriqueOperatedBy(String organisationId, ThirdPlaceState place) {
        if (place.networkFabriqueId() == null) {
            return null;
        }
        return replica.thirdPlace(place.networkFabriqueId()).filter(fabrique -> operates(organisationId, fabrique))
                .orElse(null);
    }

}
