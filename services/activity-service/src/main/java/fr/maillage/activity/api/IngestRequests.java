package fr.maillage.activity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.maillage.activity.domain.ItemResult;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Request and answer bodies of the ingest endpoints. The JSON shape is strict (unknown fields,
 * wrong JSON types: 400 for the whole request); the values are checked item by item, so that
 * one bad item does not refuse its batch. Numbers are read exactly, so that 12.5 participants,
 * 1e30 hours or 1.333 hours (reporting sums hundredths of an hour) are refused rather than rounded.
 */
final class IngestRequests {

    static final int MAX_ITEMS = 1000;

    private IngestRequests() {
    }

    record ActivityReports(
            @NotNull @Size(min = 1, max = MAX_ITEMS, message = "must hold 1 to 1000 reports") List<@NotNull Report> reports) {
    }

    record Report(String reportId, BigDecimal revision, String thirdPlaceId, String date, String category,
                  BigDecimal participants, BigDecimal hours, List<String> audiences) {
    }

    record MonthlyIndicatorsBatch(
            @NotNull @Size(min = 1, max = MAX_ITEMS, message = "must hold 1 to 1000 items") List<@NotNull Indicators> indicators) {
    }

    record Indicators(String reportId, BigDecimal revision, String thirdPlaceId, String month, BigDecimal members,
                      BigDecimal deskDays, BigDecimal staffFte, BigDecimal volunteers, BigDecimal ownRevenueShare) {
    }

    record Results(List<Result> results) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String reportId, String status, String reason, UUID eventId) {
        static Result of(ItemResult result) {
            return new Result(result.reportId(), result.status().name(), result.reason(), result.eventId());
        }
    }
}
