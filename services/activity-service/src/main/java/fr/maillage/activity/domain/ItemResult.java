package fr.maillage.activity.domain;

import java.util.UUID;

/** The answer for one submitted item; {@code eventId} is set when the item is (or was) published. */
public record ItemResult(String reportId, Status status, String reason, UUID eventId) {

    public static ItemResult accepted(String reportId, UUID eventId) {
        return new ItemResult(reportId, Status.ACCEPTED, null, eventId);
    }

    public static ItemResult duplicate(String reportId, UUID eventId, String reason) {
        return new ItemResult(reportId, Status.DUPLICATE, reason, eventId);
    }

    public static ItemResult rejected(String reportId, String reason) {
        return new ItemResult(reportId, Status.REJECTED, reason, null);
    }
}
