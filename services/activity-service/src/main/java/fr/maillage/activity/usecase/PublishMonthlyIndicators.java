package fr.maillage.activity.usecase;

import fr.maillage.activity.domain.MonthlyIndicators;
import fr.maillage.activity.events.EventPublisher;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Publishes a batch of monthly indicators for the places a caller may publish for. */
@Service
public class PublishMonthlyIndicators {

    private final Ingest ingest;

    PublishMonthlyIndicators(Ingest ingest) {
        this.ingest = ingest;
    }

    public record Command(Caller caller, List<SubmittedItem<MonthlyIndicators>> indicators) {
        public Command {
            indicators = List.copyOf(indicators);
        }
    }

    public Outcome publish(Command command) {
        return ingest.ingest(command.caller(), command.indicators(), PublishMonthlyIndicators::event);
    }

    /** Indicators are sent by their own publisher only ({@code correctedBy} is always null). */
    private static EventPublisher.Outgoing<MonthlyIndicatorsPublished> event(String publisherId, String correctedBy,
                                                                             MonthlyIndicators indicators,
                                                                             ThirdPlaceState place, UUID eventId,
                                                                             Instant now) {
        MonthlyIndicatorsPublished payload = new MonthlyIndicatorsPublished(publisherId, indicators.reportId(),
                indicators.revision(), indicators.thirdPlaceId(), indicators.month().toString(), indicators.members(),
                indicators.deskDays(), indicators.staffFte(), indicators.volunteers(), indicators.ownRevenueShare(),
                place.region(), now);
        return new EventPublisher.Outgoing<>(ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, eventId,
                indicators.thirdPlaceId(), now, payload);
    }
}
