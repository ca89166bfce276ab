package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Outcome;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Changes a tiers-lieu the caller read at {@code expectedVersion}; 409 when someone changed it since,
 * or when it would give a member of a Fabrique's network an operator other than the Fabrique's, or
 * a Fabrique an operator other than its members'.
 */
@Service
public class UpdateThirdPlace {

    private static final Logger log = LoggerFactory.getLogger(UpdateThirdPlace.class);

    private final PlaceChanges changes;
    private final RegistrySearches searches;

    UpdateThirdPlace(PlaceChanges changes, RegistrySearches searches) {
        this.changes = changes;
        this.searches = searches;
    }

    public record Command(String id, long expectedVersion, UnaryOperator<ThirdPlaceDetails> changes) {
    }

    public ThirdPlace update(Caller caller, Command command) {
        AtomicReference<ThirdPlaceDetails> replaced = new AtomicReference<>();
        var applied = changes.apply(command.id(), command.expectedVersion(),
                place -> Access.requireNationalOrOperator(caller, place, "change it"),
                (place, now) -> {
                    replaced.set(place.details());
                    ThirdPlaceDetails details = command.changes().apply(place.details());
                    String refusal = operatorOutsideTheNetwork(place, details.operatorId());
                    if (refusal == null) {
                        refusal = networkLeftToOthers(place, details.operatorId());
                    }
                    return refusal != null ? Outcome.refused(refusal) : place.update(details, now);
                });
        String operatorId = applied.place().details().operatorId();
        if (applied.changed() && operatorId != null && !operatorId.equals(replaced.get().operatorId())) {
            String conflict = fabriqueHandedOverMeanwhile(applied.place());
            if (conflict == null) {
                conflict = membersJoinedMeanwhile(applied.place());
            }
            if (conflict != null) {
                giveWay(applied.place(), replaced.get(), conflict);
            }
        }
        return applied.place();
    }

    /*
     * The rules above read another document than the one written (a member's Fabrique, a Fabrique's
     * members), and the store has no transaction across them. So each write that gives a place a new
     * operator checks again once written, as AddNetworkMember does after a join: whichever order two
     * racing writes take, one of them sees the other, and gives way (docs/architecture.md).
     */

    /**
     * For a member given its Fabrique's operator: whether the Fabrique was handed to another
     * organisation after it was read (that handover counted the members before this write).
     */
    private String fabriqueHandedOverMeanwhile(ThirdPlace member) {
        String fabriqueId = member.networkFabriqueId();
        if (fabriqueId == null) {
            return null;
        }
        String fabriqueOperator = changes.find(fabriqueId).map(fabrique -> fabrique.details().operatorId()).orElse(null);
        if (fabriqueOperator == null || fabriqueOperator.equals(member.details().operatorId())) {
            return null;
        }
        log.warn("The Fabrique {} was handed to {} while its member {} was given the operator {}", fabriqueId,
                fabriqueOperator, member.id(), member.details().operatorId());
        return "The Fabrique " + fabriqueId + " of the network of " + member.id() + " was handed to " + fabriqueOperator
                + " while " + member.id() + " was being given the operator " + member.details().operatorId() + ".";
    }

    /**
     * For a Fabrique handed to a new operator: members of others that joined after
     * {@link #networkLeftToOthers} counted, because their addition read the former operator (or were
     * given another operator meanwhile). Each of those reads the Fabrique again after its write and
     * undoes itself if it was handed over; one written before this write is found here.
     */
    private String membersJoinedMeanwhile(ThirdPlace fabrique) {
        long members = searches.networkMembersOperatedByOthersThan(fabrique.id(), fabrique.details().operatorId());
        if (members == 0) {
            return null;
        }
        log.warn("{} place(s) of other organisations joined the network of {} while it was handed to {}",
                members, fabrique.id(), fabrique.details().operatorId());
        return "A tiers-lieu operated by another organisation joined the network of the Fabrique " + fabrique.id()
                + " while it was being handed to " + fabrique.details().operatorId() + " (GET /api/v1/third-places?fabrique="
                + fabrique.id() + " lists the members: remove those others operate first).";
    }

    /**
     * Puts the place's former details back, only over the version this update wrote, so that a refused
     * request leaves nothing of itself; then answers 409.
     */
    private void giveWay(ThirdPlace written, ThirdPlaceDetails former, String conflict) {
        boolean restored = false;
        try {
            restored = changes.apply(written.id(), written.version(), place -> { },
                    (place, now) -> place.update(former, now)).changed();
        } catch (ApiException e) {
            if (e.status() != HttpStatus.CONFLICT) {
                throw e;
            }
        }
        throw ApiException.conflict(conflict + (restored
                ? " Nothing of this change was written: read both again, then change it again."
                : " This change was written, and " + written.id() + " changed again since: read it and its network"
                        + " again, and correct what needs it."), Map.of());
    }

    /**
     * Why {@code operatorId} may not become the operator of {@code place}, or null. A Fabrique may
     * publish activity for its members: handing a member to another organisation would leave the
     * Fabrique publishing for a place that organisation operates (the national structure may add
     * such a place to a network, but then knowingly). Clearing it is allowed: a member nobody
     * operates is published for by its Fabrique alone.
     */
    private String operatorOutsideTheNetwork(ThirdPlace place, String operatorId) {
        String fabriqueId = place.networkFabriqueId();
        if (fabriqueId == null || operatorId == null || operatorId.equals(place.details().operatorId())) {
            return null;
        }
        String fabriqueOperator = changes.find(fabriqueId).map(fabrique -> fabrique.details().operatorId()).orElse(null);
        if (Objects.equals(operatorId, fabriqueOperator)) {
            return null;
        }
        return "The tiers-lieu " + place.id() + " is a member of the network of the Fabrique " + fabriqueId
                + (fabriqueOperator == null ? ", which no organisation operates" : ", operated by " + fabriqueOperator)
                + ": remove it from the network of " + fabriqueId + " first, then give it the operator "
                + operatorId + ".";
    }

    /**
     * The same rule seen from the Fabrique: handing it to another organisation would let that one
     * publish for the members others operate (whoever operated the Fabrique before: its operator may
     * have been cleared first). Clearing its operator lets nobody publish for them, so it is allowed.
     */
    private String networkLeftToOthers(ThirdPlace fabrique, String operatorId) {
        if (operatorId == null || operatorId.equals(fabrique.details().operatorId())) {
            return null;
        }
        long members = searches.networkMembersOperatedByOthersThan(fabrique.id(), operatorId);
        if (members == 0) {
            return null;
        }
        return "The network of the Fabrique " + fabrique.id() + " holds " + members + " tiers-lieu(x) operated by"
                + " other organisations than " + operatorId + ", which would then publish for them: remove them from"
                + " the network first (GET /api/v1/third-places?fabrique=" + fabrique.id() + " lists its members),"
                + " then give " + fabrique.id() + " the operator " + operatorId + "; its new operator may add them"
                + " back once they are its own or have none.";
    }
}
