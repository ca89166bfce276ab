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

/**
 * Publishes a batch of activity reports for the places a caller may publish for; the national
 * structure may also correct another organisation's reports, on its behalf.
 */
@Service
public class PublishActivityReports {

    private final Ingest ingest;
    private final Tenancy tenancy;

    PublishActivityReports(Ingest ingest, Tenancy tenancy) {
        this.ingest = ingest;
        this.tenancy = tenancy;
    }

    /** {@code onBehalfOf}: null for the caller's own reports, else the organisation whose reports these are. */
    public record Command(Caller caller, String onBehalfOf, List<SubmittedItem<ActivityReport>> reports) {
        public Command {
            reports = List.copyOf(reports);
        }
    }

    public Outcome publish(Command command) {
        String publisherId = tenancy.publisherFor(command.caller(), command.onBehalfOf());
        return ingest.ingest(command.caller(), publisherId, command.reports(), PublishActivityReports::event);
    }

    private static EventPublisher.Outgoing<ActivityReportPublished> event(String publisherId, String correctedBy,
                                                                          ActivityReport report, ThirdPlaceState place,
                                                                          UUID eventId, Instant now) {
        ActivityReportPublished payload = new ActivityReportPublished(publisherId, report.reportId(), report.revision(),
                report.thirdPlaceId(), report.date(), report.category().name(), report.participants(), report.hours(),
                report.audiences().stream().map(Enum::name).toList(), place.region(), place.departement(),
                place.activityNetwork(), now, correctedBy);
        return new EventPublisher.Outgoing<>(ActivityEvents.REPORT_PUBLISHED, eventId, report.thirdPlaceId(), now, payload);
    }
}
