package fr.maillage.registry.usecase;

import fr.maillage.registry.domain.Facilitator;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Records a facilitator's certification, or a training without one; the same one again changes nothing. */
@Service
public class RecordFacilitatorTraining {

    private final FacilitatorChanges changes;

    RecordFacilitatorTraining(FacilitatorChanges changes) {
        this.changes = changes;
    }

    public record Recorded(Facilitator facilitator, boolean changed) {
    }

    public Recorded certify(Caller caller, String facilitatorId, Facilitator.Certification certification) {
        var applied = changes.apply(caller, facilitatorId, (facilitator, now) -> facilitator.certify(certification, now));
        return new Recorded(applied.facilitator(), applied.changed());
    }

    public Recorded train(Caller caller, String facilitatorId, Facilitator.Training training) {
        var applied = changes.apply(caller, facilitatorId, (facilitator, now) -> facilitator.train(training, now));
        return new Recorded(applied.facilitator(), applied.changed());
    }
}
