package fr.maillage.activity.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the service is up, moves accepted reports stored in the earlier layout into documents of
 * their own, in the background: requests are served meanwhile (they read both layouts).
 *
 * <p>Transitional: once every deployment has run a version with it to the end (its log says "Moved
 * … accepted reports", or the bucket collection is gone), this class, {@code AcceptedReports.migrateBuckets} and the reading of the bucket layout
 * can be deleted.
 */
@Component
class AcceptedReportsMigration {

    private static final Logger log = LoggerFactory.getLogger(AcceptedReportsMigration.class);

    private final AcceptedReports accepted;

    AcceptedReportsMigration(AcceptedReports accepted) {
        this.accepted = accepted;
    }

    @EventListener(ApplicationReadyEvent.class)
    void migrate() {
        Thread thread = new Thread(() -> {
            try {
                accepted.migrateBuckets();
            } catch (RuntimeException e) {
                // the earlier layout is still read; the next start tries again
                log.warn("Could not move accepted reports to their own documents yet: {}", e.toString());
            }
        }, "accepted-reports-migration");
        thread.setDaemon(true);
        thread.start();
    }
}
