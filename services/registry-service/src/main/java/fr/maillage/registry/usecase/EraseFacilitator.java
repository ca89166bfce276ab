package fr.maillage.registry.usecase;

import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

/** Erases the personal data of a facilitator (right to erasure); erasing again changes nothing. */
@Service
public class EraseFacilitator {

    private final FacilitatorChanges changes;

    EraseFacilitator(FacilitatorChanges changes) {
        this.changes = changes;
    }

    public record Command(String facilitatorId) {
    }

    public void erase(Caller caller, Command command) {
        changes.apply(caller, command.facilitatorId(), (facilitator, now) -> facilitator.erase(now));
    }
}
