package fr.maillage.reporting.events;

import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;
import fr.maillage.messaging.EventHandler;
import fr.maillage.messaging.ReceivedEvent;
import fr.maillage.reporting.domain.ActivityReport;
import fr.maillage.reporting.domain.MonthlyIndicators;
import fr.maillage.reporting.domain.RevisionWalk.Sourced;
import fr.maillage.reporting.store.ActivityProjection;
import fr.maillage.reporting.store.IndicatorsProjection;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** Projects the activity-service's events: reports and monthly indicators, a revision replacing the earlier one. */
class ActivityEventsConsumer implements EventHandler {

    private final ActivityProjection activity;
    private final IndicatorsProjection indicators;

    ActivityEventsConsumer(ActivityProjection activity, IndicatorsProjection indicators) {
        this.activity = activity;
        this.indicators = indicators;
    }

    @Override
    public void apply(List<ReceivedEvent> batch) {
        List<Sourced<ActivityReport>> reports = new ArrayList<>();
        List<Sourced<MonthlyIndicators>> monthly = new ArrayList<>();
        for (ReceivedEvent event : batch) {
            if (event.payload() instanceof ActivityReportPublished report) {
                reports.add(new Sourced<>(event.source(), event.offset(), on(report)));
            } else if (event.payload() instanceof MonthlyIndicatorsPublished published) {
                monthly.add(new Sourced<>(event.source(), event.offset(), on(published)));
            }
        }
        if (!reports.isEmpty()) {
            activity.apply(reports);
        }
        if (!monthly.isEmpty()) {
            indicators.apply(monthly);
        }
    }

    private static ActivityReport on(ActivityReportPublished event) {
        return new ActivityReport(ActivityReport.id(event.publisherId(), event.reportId()), event.revision(),
                YearMonth.from(event.date()).toString(), event.category(), event.region(), event.networkFabriqueId(),
                event.thirdPlaceId(), event.participants(), ActivityReport.hundredths(event.hours()));
    }

    private static MonthlyIndicators on(MonthlyIndicatorsPublished event) {
        return new MonthlyIndicators(event.thirdPlaceId(), event.month(), event.revision(), event.region(),
                event.members(), event.deskDays(), event.staffFte(), event.volunteers(), event.ownRevenueShare());
    }
}
