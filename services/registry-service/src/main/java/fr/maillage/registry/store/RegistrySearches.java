package fr.maillage.registry.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.FabriqueLabel;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.registry.domain.OrganisationKind;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceStatus;
import fr.maillage.registry.domain.Typology;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The registry's lists, by what a caller filters on (a null criterion: any); how the states are
 * stored stays here. Oldest first ({@link AggregateStore#CREATION_ORDER}), pages counted from 0.
 */
@Component
public class RegistrySearches {

    /**
     * Tiers-lieux: the members of a Fabrique's network ({@code fabriqueId}), those an organisation
     * operates, those with ({@code labelled} true) or without (false) a Fabrique label in force.
     */
    public record PlaceCriteria(String region, String departement, Typology typology, ThirdPlaceStatus status,
                                String fabriqueId, String operatorId, Boolean labelled) {
    }

    public record OrganisationCriteria(String role, OrganisationKind kind) {
    }

    /** One page of matches and how many match in all. */
    public record Found<T>(List<T> items, long total) {
    }

    private final AggregateStore<ThirdPlace> places;
    private final AggregateStore<Organisation> organisations;
    private final AggregateStore<Facilitator> facilitators;

    RegistrySearches(AggregateStore<ThirdPlace> places, AggregateStore<Organisation> organisations,
                     AggregateStore<Facilitator> facilitators) {
        this.places = places;
        this.organisations = organisations;
        this.facilitators = facilitators;
    }

    public Found<ThirdPlace> places(PlaceCriteria criteria, int page, int size) {
        Bson filter = allOf(
                equal("state.details.commune.region", criteria.region()),
                equal("state.details.commune.departement", criteria.departement()),
                equal("state.details.typologies", criteria.typology()),
                equal("state.details.status", criteria.status()),
                equal("state.networkFabriqueId", criteria.fabriqueId()),
                equal("state.details.operatorId", criteria.operatorId()),
                labelled(criteria.labelled()));
        return new Found<>(places.find(filter, AggregateStore.CREATION_ORDER, page * size, size), places.count(filter));
    }

    public Found<Organisation> organisations(OrganisationCriteria criteria, int page, int size) {
        Bson filter = allOf(equal("state.roles", criteria.role()), equal("state.kind", criteria.kind()));
        return new Found<>(organisations.find(filter, AggregateStore.CREATION_ORDER, page * size, size),
                organisations.count(filter));
    }

    /** The facilitators a tiers-lieu employs or employed (erased ones too: their ids stay). */
    public Found<Facilitator> facilitators(String thirdPlaceId, int page, int size) {
        Bson filter = Filters.eq("state.thirdPlaceId", thirdPlaceId);
        return new Found<>(facilitators.find(filter, AggregateStore.CREATION_ORDER, page * size, size),
                facilitators.count(filter));
    }

    /** How many tiers-lieux are in the network of a Fabrique. */
    public long networkMembers(String fabriqueId) {
        return places.count(Filters.eq("state.networkFabriqueId", fabriqueId));
    }

    /** How many tiers-lieux in the network of a Fabrique an organisation other than {@code operatorId} operates. */
    public long networkMembersOperatedByOthersThan(String fabriqueId, String operatorId) {
        return places.count(Filters.and(Filters.eq("state.networkFabriqueId", fabriqueId),
                Filters.ne("state.details.operatorId", null), Filters.ne("state.details.operatorId", operatorId)));
    }

    /** The organisation of lowest id, other than {@code exceptId}, that holds a SIRET or RNA ({@code kind}: its field). */
    public Optional<Organisation> holderOfLegalId(String kind, String value, String exceptId) {
        return organisations.find(Filters.and(Filters.eq("state." + kind, value), Filters.ne("_id", exceptId)),
                Sorts.ascending("_id"), 0, 1).stream().findFirst();
    }

    /** A label in force (LABELLED or ACTIVE), or none in force (no label, or a withdrawn one); null: either. */
    private static Bson labelled(Boolean labelled) {
        if (labelled == null) {
            return null;
        }
        List<String> inForce = Arrays.stream(FabriqueLabel.Status.values())
                .filter(status -> status != FabriqueLabel.Status.WITHDRAWN).map(Enum::name).toList();
        return labelled ? Filters.in("state.fabriqueLabel.status", inForce)
                : Filters.nin("state.fabriqueLabel.status", inForce); // $nin also matches a place without a label
    }

    /** A field equal to the value (an array field: holding it), or null when any value will do. */
    private static Bson equal(String field, Object value) {
        if (value == null) {
            return null;
        }
        return Filters.eq(field, value instanceof Enum<?> constant ? constant.name() : value);
    }

    private static Bson allOf(Bson... conditions) {
        List<Bson> set = new ArrayList<>();
        for (Bson condition : conditions) {
            if (condition != null) {
                set.add(condition);
            }
        }
        return set.isEmpty() ? Filters.empty() : Filters.and(set);
    }
}
