package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Organisation;
import fr.maillage.security.ApiException;
import org.springframework.stereotype.Component;

/** The operator a national caller names for a tiers-lieu must be an organisation of the registry. */
@Component
public class OperatorLookup {

    private final AggregateStore<Organisation> organisations;

    OperatorLookup(AggregateStore<Organisation> organisations) {
        this.organisations = organisations;
    }

    /** The id itself, once found (null stays null: no operator). */
    public String require(String field, String operatorId) {
        if (operatorId != null && organisations.find(operatorId).isEmpty()) {
            throw ApiException.invalidField(field, "no organisation has the id '" + operatorId
                    + "' in the registry: register it first");
        }
        return operatorId;
    }
}
