package fr.maillage.events.activity;

import fr.maillage.events.EventType;

import java.util.List;

/** Every event type the activity-service publishes. */
public final class ActivityEvents {
    public static final EventType<ActivityReportPublished> REPORT_PUBLISHED =
            new EventType<>("activity", "activity-report.published", 1, ActivityReportPublished.class);
    public static final EventType<MonthlyIndicatorsPublished> MONTHLY_INDICATORS_PUBLISHED =
            new EventType<>("activity", "monthly-indicators.published", 1, MonthlyIndicatorsPublished.class);

    public static final List<EventType<?>> ALL = List.of(REPORT_PUBLISHED, MONTHLY_INDICATORS_PUBLISHED);

    private ActivityEvents() {
    }
}
