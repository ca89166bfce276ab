package fr.maillage.events.activity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Fabrique or tiers-lieu reported an activity (a training, a workshop …). The event id is a
 * name-based UUID of (publisher, reportId, revision): a resubmission has the same id. A higher
 * {@code revision} of the same report replaces the earlier one in every total. The place's région,
 * département and network are copied in so that readers need no lookup. {@code correctedBy}: the
 * organisation (the national structure) that sent this revision on the publisher's behalf; absent
 * when the publisher sent it itself.
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
        Instant publishedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String correctedBy) {

    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{1,16}");
    private static final Pattern CATEGORY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

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
        // readers name counters after them (a category of a later version is still counted): a
        // value no producer of the contract writes, a dot or a NUL say, is malformed, not a counter
        if (!CODE.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be a région code (letters and digits, at most 16)");
        }
        if (!CATEGORY.matcher(category).matches()) {
            throw new IllegalArgumentException("category must be an upper-case name such as WORKSHOP");
        }
        audiences = audiences == null ? List.of() : List.copyOf(audiences);
    }

    /** A revision its publisher sent itself. */
    public ActivityReportPublished(String publisherId, String reportId, int revision, String thirdPlaceId,
                                   LocalDate date, String category, int participants, double hours,
                                   List<String> audiences, String region, String departement,
                                   String networkFabriqueId, Instant publishedAt) {
        this(publisherId, reportId, revision, thirdPlaceId, date, category, participants, hours, audiences, region,
                departement, networkFabriqueId, publishedAt, null);
    }
}
