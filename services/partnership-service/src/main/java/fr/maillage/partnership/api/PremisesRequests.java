package fr.maillage.partnership.api;

import fr.maillage.partnership.domain.PremisesKind;
import fr.maillage.partnership.domain.Terms;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** Request bodies of the premises endpoints. */
final class PremisesRequests {

    private PremisesRequests() {
    }

    record Offer(
            @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @NotBlank @Size(max = 10) String communeCode,
            @NotBlank @Size(max = 300) @Pattern(regexp = Requests.LINE, message = Requests.CONTROL_MESSAGE) String address,
            @NotNull @Min(1) @Max(1_000_000) Integer surfaceM2,
            @NotNull PremisesKind kind,
            @NotNull Terms terms,
            @Min(0) @Max(10_000_000) Long monthlyRentEur,
            @NotNull LocalDate availableFrom,
            @Schema(description = "the last day the premises are available (Paris date): applications are taken until "
                    + "then and an agreement ends by then; after availableFrom, not before today. Left out: no end")
            LocalDate availableUntil,
            @Size(max = 2000) @Pattern(regexp = Requests.TEXT, message = Requests.CONTROL_MESSAGE) String description) {
    }

    record ApplicationRequest(
            @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String applicationId,
            @NotBlank @Size(max = 2000) @Pattern(regexp = Requests.TEXT, message = Requests.CONTROL_MESSAGE) String project) {
    }

    record Reservation(
            @NotBlank @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String applicationId) {
    }

    record Agreement(
            @NotBlank @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String applicationId,
            @NotNull LocalDate startsOn,
            @NotNull @Min(1) @Max(600) Integer months,
            @Schema(description = "0 for premises offered FREE, above 0 for MODERATE_RENT or MARKET_RENT")
            @NotNull @Min(0) @Max(10_000_000) Long monthlyRentEur) {
    }
}
