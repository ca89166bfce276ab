package fr.maillage.events;

import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.activity.ActivityReportPublished;
import fr.maillage.events.activity.MonthlyIndicatorsPublished;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One realistic payload per activity event type. */
final class ActivitySamples {

    static final Map<EventType<?>, Object> SAMPLES = Map.of(
            ActivityEvents.REPORT_PUBLISHED, new ActivityReportPublished("org-1", "2026-11-atelier-12", 1, "tl-1",
                    LocalDate.parse("2026-11-20"), "WORKSHOP", 14, 3.5, List.of("YOUNG_PEOPLE", "JOB_SEEKERS"), "52",
                    "44", "tl-9", RegistrySamples.AT),
            ActivityEvents.MONTHLY_INDICATORS_PUBLISHED, new MonthlyIndicatorsPublished("org-1", "2026-10-indicators", 0,
                    "tl-1", "2026-10", 120, 640, 2.5, 6, 0.45, "52", RegistrySamples.AT));

    private ActivitySamples() {
    }
}
