package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Facilitator;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Records a certification of a facilitator; the same certification again changes nothing. */
@Service
public class CertifyFacilitator {

    private final FacilitatorChanges changes;

    CertifyFacilitator(FacilitatorChanges changes) {
        this.changes = changes;
    }

    public record Command(String facilitatorId, Facilitator.Certification certification) {
    }

    public record Certified(Facilitator facilitator, boolean changed) {
    }

    public Certified certify(Caller caller, Command command) {
        var applied = changes.apply(caller, command.facilitatorId(),
                (facilitator, now) -> facilitator.certify(command.certification(), now));
        return new Certified(applied.facilitator(), applied.changed());
    }
}
