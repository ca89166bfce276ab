package fr.maillage.activity.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * A valid item a publisher submits: an activity report or monthly indicators. Both share one
 * namespace of report ids per publisher, so that an event id never names two different facts.
 */
public sealed interface Submission permits ActivityReport, MonthlyIndicators {

    String reportId();

    int revision();

    String thirdPlaceId();

    Kind kind();

    /**
     * What at most one report may describe, whoever publishes it, and which a report keeps through
     * its revisions: a tiers-lieu's month for monthly indicators (reporting keeps one set of figures
     * per tiers-lieu and month). Null for activity reports, of which a place has any number.
     */
    default String subject() {
        return null;
    }

    /** Everything the publisher said, in a canonical form: equal content, equal fingerprint. */
    String canonicalContent();

    enum Kind { ACTIVITY_REPORT, MONTHLY_INDICATORS }

    String REPORT_ID = "^[A-Za-z0-9._:-]{1,100}$";
    String THIRD_PLACE_ID = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";

    /** SHA-256 of the canonical content, to tell a true resubmission from a conflicting reuse of an id. */
    default String contentHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind() + "|" + canonicalContent()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The event id: a name-based UUID of (publisher, reportId, revision), so a resubmission has the same id. */
    static UUID eventId(String publisherId, String reportId, int revision) {
        return UUID.nameUUIDFromBytes((publisherId + "|" + reportId + "|" + revision).getBytes(StandardCharsets.UTF_8));
    }
}
