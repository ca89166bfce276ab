package fr.maillage.partnership.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Turns fund operations left pending into outbox events: normally the writer does it at once, this
 * catches what a crash or a store failure left behind between the two steps.
 */
@Component
class PendingFundEvents {

    private static final Logger log = LoggerFactory.getLogger(PendingFundEvents.class);

    private final FundStore funds;

    PendingFundEvents(FundStore funds) {
        this.funds = funds;
    }

    @Scheduled(initialDelay = 1000, fixedDelay = 1000)
    void sweep() {
        try {
            int published = funds.publishAllPending();
            if (published > 0) {
                log.info("Published {} fund events left pending", published);
            }
        } catch (RuntimeException e) {
            log.warn("Pending fund events not published yet: {}", e.getMessage());
        }
    }
}
