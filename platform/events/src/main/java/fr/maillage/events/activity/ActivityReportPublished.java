package fr.maillage.events.activity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A Fabrique or tiers-lieu reported an activity (a training, a workshop …). The event id is a
 * name-based UUID of (publisher, reportId, revision): a resubmission has the same id. A higher
 * {@code revision} of the same report replaces the earlier one in every total. The place's région,
 * département and network are copied in so that readers need no lookup.
 */
public record ActivityReportPublished(
        String publisherId,
        String reportId,
        int revision,
        String thirdPlaceId,
        LocalDate date,
        String category,
        int participants,
        double hours,
        List<String> audiences,
        String region,
        String departement,
        String networkFabriqueId,
        Instant publishedAt) {

    public ActivityReportPublished {
        Objects.requireNonNull(publisherId, "publisherId");
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (revision < 0 || participants < 0 || hours < 0) {
            throw new IllegalArgumentException("revision, participants and hours must not be negative");
        }
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }
}
