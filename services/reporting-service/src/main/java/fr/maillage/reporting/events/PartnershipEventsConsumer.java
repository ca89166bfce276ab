package fr.maillage.reporting.events;

import fr.maillage.events.partnership.FundEvent;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.PremisesEvent;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.messaging.EventHandler;
import fr.maillage.messaging.ReceivedEvent;
import fr.maillage.reporting.store.PartnershipProjection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects the partnership-service's events. Each premises or fund event carries the resulting
 * state: the newest version of each premises and fund wins.
 */
class PartnershipEventsConsumer implements EventHandler {

    private final PartnershipProjection partnership;

    PartnershipEventsConsumer(PartnershipProjection partnership) {
        this.partnership = partnership;
    }

    @Override
    public void apply(List<ReceivedEvent> batch) {
        Map<String, PremisesState> premises = new LinkedHashMap<>();
        Map<String, FundState> funds = new LinkedHashMap<>();
        Instant premisesTime = null; // null: no premises event in the batch
        Instant fundsTime = null;
        for (ReceivedEvent event : batch) {
            Instant time = event.event().time();
            if (event.payload() instanceof PremisesEvent premisesEvent) {
                premises.merge(premisesEvent.premisesId(), premisesEvent.premises(),
                        (a, b) -> a.version() >= b.version() ? a : b);
                premisesTime = premisesTime == null || time.isAfter(premisesTime) ? time : premisesTime;
            } else if (event.payload() instanceof FundEvent fundEvent) {
                funds.merge(fundEvent.fundId(), fundEvent.fund(), (a, b) -> a.version() >= b.version() ? a : b);
                fundsTime = fundsTime == null || time.isAfter(fundsTime) ? time : fundsTime;
            }
        }
        if (!premises.isEmpty() || !funds.isEmpty()) {
            partnership.apply(premises.values(), premisesTime, funds.values(), fundsTime);
        }
    }
}
