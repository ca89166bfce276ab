package fr.maillage.activity.usecase;

import fr.maillage.activity.domain.ActivityReport;
import fr.maillage.activity.events.EventPublisher;
import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.security.Caller;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Publishes a batch of activity reports for the places a caller may publish for. */
@Service
public class PublishActivityReports {

    private final Ingest ingest;

    PublishActivityReports(Ingest ingest) {
        this.ingest = ingest;
    }

    public record Command(Caller caller, List<SubmittedItem<ActivityReport>> reports) {
        public Command {
            reports = List.copyOf(reports);
        }
    }

    public Outcome publish(Command command) {
        return ingest.ingest(command.caller(), command.reports(), PublishActivityReports::event);
    }

    private static EventPublisher.Outgoing<ActivityReportPublished> event(String publisherId, ActivityReport report,
                                                                          ThirdPlaceState place, UUID eventId,
                                                                          Instant now) {
        ActivityReportPublished payload = new ActivityReportPublished(publisherId, report.reportId(), report.revision(),
                report.thirdPlaceId(), report.date(), report.category().name(), report.participants(), report.hours(),
                report.audiences().stream().map(Enum::name).toList(), place.region(), place.departement(),
                place.networkFabriqueId(), now);
        return new EventPublisher.Outgoing<>(ActivityEvents.REPORT_PUBLISHED, eventId, report.thirdPlaceId(), now, payload);
    }
}
