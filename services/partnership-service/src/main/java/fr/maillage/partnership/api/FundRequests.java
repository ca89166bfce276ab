package fr.maillage.partnership.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the fund endpoints. */
final class FundRequests {

    private FundRequests() {
    }

    /** One beneficiary: {@code thirdPlaceId} or {@code organisationId}. */
    record Commitment(
            @NotBlank @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String commitmentId,
            @NotNull @Min(1) @Max(1_000_000_000_000L) Long amountEur,
            @Schema(description = "what the money is for, e.g. 'Aménagement de l'atelier partagé'. Kept in the "
                    + "partnership service and shown to the national structure only (not in the fund's events); "
                    + "never a person's name or contact all the same")
            @NotBlank @Size(max = 500) @Pattern(regexp = Requests.LINE, message = Requests.CONTROL_MESSAGE) String purpose,
            @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String thirdPlaceId,
            @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String organisationId) {
    }
}
