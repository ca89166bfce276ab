package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Outcome;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Changes a tiers-lieu the caller read at {@code expectedVersion}; 409 when someone changed it since,
 * or when it would give a member of a Fabrique's network an operator other than the Fabrique's, or
 * a Fabrique an operator other than its members'.
 */
@Service
public class UpdateThirdPlace {

    private final PlaceChanges changes;
    private final RegistrySearches searches;

    UpdateThirdPlace(PlaceChanges changes, RegistrySearches searches) {
        this.changes = changes;
        this.searches = searches;
    }

    public record Command(String id, long expectedVersion, UnaryOperator<ThirdPlaceDetails> changes) {
    }

    public ThirdPlace update(Caller caller, Command command) {
        return changes.apply(command.id(), command.expectedVersion(),
                place -> Access.requireNationalOrOperator(caller, place, "change it"),
                (place, now) -> {
                    ThirdPlaceDetails details = command.changes().apply(place.details());
                    String refusal = operatorOutsideTheNetwork(place, details.operatorId());
                    if (refusal == null) {
                        refusal = networkLeftToOthers(place, details.operatorId());
                    }
                    return refusal != null ? Outcome.refused(refusal) : place.update(details, now);
                }).place();
    }

    /**
     * Why {@code operatorId} may not become the operator of {@code place}, or null. A Fabrique may
     * publish activity for its members: handing a member to another organisation would leave the
     * Fabrique publishing for a place that organisation operates (the national structure may add
     * such a place to a network, but then knowingly). No operator at all is what a Fabrique's
     * operator may add to its network itself, so clearing it is allowed.
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
