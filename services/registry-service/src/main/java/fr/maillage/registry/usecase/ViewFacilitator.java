package fr.maillage.registry.usecase;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Facilitator;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Shows a facilitator, personal data included, to the national structure or the employing place's operator. */
@Service
public class ViewFacilitator {

    private final FacilitatorAccess access;

    ViewFacilitator(FacilitatorAccess access) {
        this.access = access;
    }

    public record Query(String facilitatorId) {
    }

    public AggregateStore.Versioned<Facilitator> view(Caller caller, Query query) {
        return access.require(caller, query.facilitatorId());
    }
}
