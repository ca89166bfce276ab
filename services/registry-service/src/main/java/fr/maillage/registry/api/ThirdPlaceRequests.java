package fr.maillage.registry.api;

import fr.maillage.registry.domain.ThirdPlaceStatus;
import fr.maillage.registry.domain.Typology;
import fr.maillage.security.TextPatterns;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Request bodies of the tiers-lieux endpoints. */
final class ThirdPlaceRequests {

    static final String ID = "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$";
    static final String TEXT = TextPatterns.LINE;
    static final String NOT_BLANK_TEXT = TextPatterns.NOT_BLANK_LINE;
    static final String QPV = "^(QN[0-9A-Z]{6}|QP[0-9]{6})$";
    static final String POSTAL_CODE = "^[0-9]{5}$";

    private ThirdPlaceRequests() {
    }

    record Register(
            @Pattern(regexp = ID, message = "must be 1 to 64 letters, digits, '-' or '_'") String id,
            @NotBlank @Size(max = 200) @Pattern(regexp = TEXT, message = "must not contain control characters nor invalid Unicode") String name,
            @NotBlank @Size(max = 10) String communeCode,
            @Pattern(regexp = ID, message = "must be an organisation id") String operatorId,
            @Size(max = 300) @Pattern(regexp = TEXT, message = "must not contain control characters nor invalid Unicode") String address,
            @Pattern(regexp = POSTAL_CODE, message = "must be 5 digits") String postalCode,
            @Size(max = 9) Set<Typology> typologies,
            ThirdPlaceStatus status,
            @PositiveOrZero @Max(1_000_000) Integer surfaceM2,
            @Pattern(regexp = QPV, message = "must be a QPV code: QN + 6 characters (2024) or QP + 6 digits (2015)") String qpvCode,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @YearBetween(min = 1900, max = 2100) LocalDate openedOn,
            @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = TEXT) String> services) {
    }

    /** Optional body of an opening: the date it opened, when not today. */
    record Opening(@PastOrPresent @YearBetween(min = 1900, max = 2100) LocalDate openedOn) {
    }

    /**
     * Fields left out (or null) keep their value; those named in {@code clear} are emptied (a place
     * leaves a QPV, or its operator is dissolved).
     */
    record Patch(
            @Size(max = 200) @Pattern(regexp = NOT_BLANK_TEXT, message = "must not be blank nor contain control characters nor invalid Unicode") String name,
            @Size(max = 10) String communeCode,
            @Pattern(regexp = ID, message = "must be an organisation id") String operatorId,
            @Size(max = 300) @Pattern(regexp = TEXT, message = "must not contain control characters nor invalid Unicode") String address,
            @Pattern(regexp = POSTAL_CODE, message = "must be 5 digits") String postalCode,
            @Size(max = 9) Set<Typology> typologies,
            ThirdPlaceStatus status,
            @PositiveOrZero @Max(1_000_000) Integer surfaceM2,
            @Pattern(regexp = QPV, message = "must be a QPV code: QN + 6 characters (2024) or QP + 6 digits (2015)") String qpvCode,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @YearBetween(min = 1900, max = 2100) LocalDate openedOn,
            @Size(max = 50) List<@NotBlank @Size(max = 100) @Pattern(regexp = TEXT) String> services,
            @Size(max = 8) Set<@Pattern(regexp = "^(operatorId|address|postalCode|coordinates|surfaceM2|qpvCode|openedOn|services)$",
                    message = "must be one of operatorId, address, postalCode, coordinates, surfaceM2, qpvCode, openedOn,"
                            + " services") String> clear) {

        Patch {
            clear = clear == null ? Set.of() : Set.copyOf(clear);
        }
    }
}
