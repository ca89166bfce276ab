package fr.maillage.partnership.usecase;

import fr.maillage.partnership.domain.Outcome;
import fr.maillage.security.ApiException;
import org.springframework.http.HttpStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a refusal of the premises state machine is answered: 409 with the current status, 404, or 400. */
final class Refusals {

    private Refusals() {
    }

    static ApiException toApiException(Outcome.Refused refused) {
        var premises = refused.premises();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("premisesId", premises.id());
        properties.put("currentStatus", premises.status().name());
        properties.put("currentVersion", premises.version());
        if (premises.reservedApplicationId() != null) {
            properties.put("reservedApplicationId", premises.reservedApplicationId());
        }
        if (refused.reason() == Outcome.Reason.OFFER_ENDED) {
            properties.put("availableUntil", premises.offer().availableUntil().toString());
        }
        List<ApiException.FieldError> errors = refused.field() == null ? null
                : List.of(new ApiException.FieldError(refused.field(), refused.detail()));
        return switch (refused.reason()) {
            case UNKNOWN_APPLICATION -> new ApiException(HttpStatus.NOT_FOUND, "Not found", refused.detail(),
                    errors, null, properties);
            case INVALID_AGREEMENT -> new ApiException(HttpStatus.BAD_REQUEST, "Invalid request",
                    refused.field() + ": " + refused.detail(), errors, null, properties);
            case ILLEGAL_TRANSITION -> new ApiException(HttpStatus.CONFLICT, "Not allowed in the current status",
                    refused.detail(), errors, null, properties);
            case APPLICATION_ID_TAKEN, ALREADY_APPLIED, TOO_MANY_APPLICATIONS, OFFER_ENDED, NOT_THE_RESERVED_APPLICATION ->
                    new ApiException(HttpStatus.CONFLICT, "Conflict", refused.detail(), errors, null, properties);
        };
    }
}
