package fr.maillage.registry.usecase;

import fr.maillage.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Erases the personal data of a facilitator (right to erasure); erasing again changes nothing. */
@Service
public class EraseFacilitator {

    private static final Logger log = LoggerFactory.getLogger(EraseFacilitator.class);

    private final FacilitatorChanges changes;

    EraseFacilitator(FacilitatorChanges changes) {
        this.changes = changes;
    }

    public record Command(String facilitatorId) {
    }

    /**
     * Logged with the pseudonymous id alone: the one record of an erasure outside the store, which
     * a restore of an earlier backup must make again (operations.md).
     */
    public void erase(Caller caller, Command command) {
        changes.apply(caller, command.facilitatorId(), (facilitator, now) -> facilitator.erase(now));
        log.info("Erased the personal data of facilitator {}", command.facilitatorId());
    }
}
