package fr.maillage.activity.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.maillage.activity.domain.ActivityReport;
import fr.maillage.activity.domain.Audience;
import fr.maillage.activity.domain.Category;
import fr.maillage.activity.domain.ItemResult;
import fr.maillage.activity.domain.Submission;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * Request and answer bodies of the ingest endpoints. The JSON shape is strict (unknown fields,
 * wrong JSON types: 400 for the whole request); the values are checked item by item, so that
 * one bad item does not refuse its batch. Numbers are read exactly, so that 12.5 participants,
 * 1e30 hours or 1.333 hours (reporting sums hundredths of an hour) are refused rather than rounded.
 * The {@code @Schema}s tell publishers the rules that {@code ActivityReport.check} and
 * {@code MonthlyIndicators.check} apply: an item that breaks one is REJECTED with its reason.
 */
final class IngestRequests {

    static final int MAX_ITEMS = 1000;

    private static final String REPORT_ID = "Your id for this item: 1 to 100 letters, digits, '.', '_', ':' or '-', "
            + "unique among your activity reports and monthly indicators. It must not name or identify a person "
            + "(no participant's name, e-mail or member number): it is copied into the published events, which are "
            + "kept forever, and personal data never enters an event";
    private static final String REVISION = "0 if left out; a higher revision of the same reportId replaces the item;"
            + " at most 2000000000 (those above are the national structure's, which may always take a month over)";
    private static final String THIRD_PLACE_ID = "The tiers-lieu's id in the registry";

    private IngestRequests() {
    }

    record ActivityReports(
            @NotNull @Size(min = 1, max = MAX_ITEMS, message = "must hold 1 to 1000 reports") List<@NotNull Report> reports) {
    }

    record Report(
            @Schema(requiredMode = REQUIRED, pattern = Submission.REPORT_ID, description = REPORT_ID) String reportId,
            @Schema(types = "integer", format = "int32", minimum = "0", defaultValue = "0", description = REVISION)
            BigDecimal revision,
            @Schema(requiredMode = REQUIRED, pattern = Submission.THIRD_PLACE_ID, description = THIRD_PLACE_ID)
            String thirdPlaceId,
            @Schema(requiredMode = REQUIRED, format = "date", example = "2026-10-14",
                    description = "The day of the activity, from 2000-01-01 to today (the latest day anywhere in France: La Réunion's)") String date,
            @Schema(requiredMode = REQUIRED, implementation = Category.class) String category,
            @Schema(requiredMode = REQUIRED, types = "integer", format = "int32", minimum = "0",
                    maximum = "" + ActivityReport.MAX_PARTICIPANTS) BigDecimal participants,
            @Schema(minimum = "0", maximum = "" + ActivityReport.MAX_HOURS, example = "3.5",
                    description = "Hours the activity lasted, with at most 2 decimals (1.25, not 1.333); 0 if left out")
            BigDecimal hours,
            @ArraySchema(schema = @Schema(implementation = Audience.class),
                    arraySchema = @Schema(description = "Who took part, each value once")) List<String> audiences) {
    }

    record MonthlyIndicatorsBatch(
            @NotNull @Size(min = 1, max = MAX_ITEMS, message = "must hold 1 to 1000 items") List<@NotNull Indicators> indicators) {
    }

    @Schema(description = "A tiers-lieu's figures for one month: at least one of members, deskDays, staffFte, "
            + "volunteers and ownRevenueShare")
    record Indicators(
            @Schema(requiredMode = REQUIRED, pattern = Submission.REPORT_ID, description = REPORT_ID) String reportId,
            @Schema(types = "integer", format = "int32", minimum = "0", defaultValue = "0", description = REVISION)
            BigDecimal revision,
            @Schema(requiredMode = REQUIRED, pattern = Submission.THIRD_PLACE_ID, description = THIRD_PLACE_ID)
            String thirdPlaceId,
            @Schema(requiredMode = REQUIRED, pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$", example = "2026-10",
                    description = "The month, YYYY-MM, from 2000-01 to this month") String month,
            @Schema(types = "integer", format = "int32", minimum = "0", maximum = "1000000") BigDecimal members,
            @Schema(types = "integer", format = "int32", minimum = "0", maximum = "1000000",
                    description = "Days of desk use in the month") BigDecimal deskDays,
            @Schema(minimum = "0", maximum = "10000", example = "2.5",
                    description = "Staff in full-time equivalents, with at most 2 decimals") BigDecimal staffFte,
            @Schema(types = "integer", format = "int32", minimum = "0", maximum = "1000000") BigDecimal volunteers,
            @Schema(minimum = "0", maximum = "1", example = "0.35", description = "The share of own revenue as a "
                    + "fraction from 0 to 1 (0.35 for 35 %), with at most 4 decimals") BigDecimal ownRevenueShare) {
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
