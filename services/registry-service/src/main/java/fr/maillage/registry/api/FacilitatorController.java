package fr.maillage.registry.api;

import fr.maillage.registry.domain.Facilitator;
import fr.maillage.registry.store.FacilitatorIds;
import fr.maillage.registry.usecase.EraseFacilitator;
import fr.maillage.registry.usecase.ListFacilitators;
import fr.maillage.registry.usecase.RecordFacilitatorTraining;
import fr.maillage.registry.usecase.RegisterFacilitator;
import fr.maillage.registry.usecase.ViewFacilitator;
import fr.maillage.security.Versions;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Page;
import fr.maillage.security.Role;
import fr.maillage.security.TextPatterns;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Facilitators are people: what this controller takes and shows is personal data. It stays in the
 * registry's store; nothing here is logged, and events carry only the pseudonymous id.
 */
@RestController
@Validated
@RequestMapping("/api/v1/facilitators")
@Tag(name = "Facilitators", description = "Facilitators (animateurs) of tiers-lieux: personal data that stay in the registry")
class FacilitatorController {

    private static final String NAME = TextPatterns.LINE;

    private final RegisterFacilitator registerFacilitator;
    private final RecordFacilitatorTraining recordTraining;
    private final EraseFacilitator eraseFacilitator;
    private final ViewFacilitator viewFacilitator;
    private final ListFacilitators listFacilitators;
    private final FacilitatorIds facilitatorIds;

    FacilitatorController(RegisterFacilitator registerFacilitator, RecordFacilitatorTraining recordTraining,
                          EraseFacilitator eraseFacilitator, ViewFacilitator viewFacilitator,
                          ListFacilitators listFacilitators, FacilitatorIds facilitatorIds) {
        this.registerFacilitator = registerFacilitator;
        this.recordTraining = recordTraining;
        this.eraseFacilitator = eraseFacilitator;
        this.viewFacilitator = viewFacilitator;
        this.listFacilitators = listFacilitators;
        this.facilitatorIds = facilitatorIds;
    }

    record FacilitatorRegistration(
            /** Refused: the registry chooses a facilitator's id. */
            String id,
            @NotBlank @Pattern(regexp = ThirdPlaceRequests.ID, message = "must be a tiers-lieu id") String thirdPlaceId,
            @NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = "must not contain control characters nor invalid Unicode") String firstName,
            @NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = "must not contain control characters nor invalid Unicode") String lastName,
            @Email @Size(max = 254) @Pattern(regexp = NAME, message = "must not contain control characters nor invalid Unicode") String email,
            @Pattern(regexp = "^\\+?[0-9][0-9 .()-]{5,24}$", message = "must be a phone number such as +33 6 12 34 56 78") String phone) {
    }

    record CertificationRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = NAME, message = "must not contain control characters nor invalid Unicode") String name,
            @NotNull @Min(1) @Max(10_000) Integer hours,
            @NotNull @PastOrPresent @YearBetween(min = 1900, max = 2100) LocalDate certifiedOn) {
    }

    record TrainingRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = NAME, message = "must not contain control characters nor invalid Unicode") String name,
            @NotNull @Min(1) @Max(10_000) Integer hours,
            @NotNull @PastOrPresent @YearBetween(min = 1900, max = 2100) LocalDate completedOn) {
    }

    record FacilitatorResponse(String id, long version, String thirdPlaceId, String firstName, String lastName,
                               String email, String phone, List<Facilitator.Certification> certifications,
                               List<Facilitator.Training> trainings, boolean certified, int trainingHours,
                               boolean erased, Instant createdAt, Instant updatedAt) {
        static FacilitatorResponse of(Facilitator f) {
            var person = f.person();
            return new FacilitatorResponse(f.id(), f.version(), f.thirdPlaceId(),
                    person == null ? null : person.firstName(), person == null ? null : person.lastName(),
                    person == null ? null : person.email(), person == null ? null : person.phone(),
                    f.certifications(), f.trainings(), f.certified(), f.trainingHours(), f.erased(), f.createdAt(),
                    f.updatedAt());
        }
    }

    @PostMapping
    @Operation(summary = "Register a facilitator",
            description = "NATIONAL or the operator of the tiers-lieu. Answers a pseudonymous id chosen by the registry "
                    + "(it is shown to the tiers-lieu's operator and the national structure, so a client may not choose it: an 'id' "
                    + "is refused). Idempotent with an "
                    + "Idempotency-Key header: the id is a keyed hash of it, which the key cannot be told from.")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "200", description = "A retry: this facilitator was already registered with this "
            + "Idempotency-Key (409 if it was with another person, or if that facilitator was erased since: the "
            + "personal data are not stored again)")
    ResponseEntity<FacilitatorResponse> register(Caller caller, @Valid @RequestBody FacilitatorRegistration request,
                                                 @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        if (request.id() != null) {
            // an id such as "marie-dupont" would carry the person into every event, forever
            throw ApiException.invalidField("id", "a facilitator's id is chosen by the registry, since it leaves in "
                    + "events; leave it out, and send an Idempotency-Key header (a random UUID) to make a retry safe");
        }
        String id = facilitatorIds.idFor(caller, idempotencyKey);
        var person = new Facilitator.Person(request.firstName().strip(), request.lastName().strip(),
                blankToNull(request.email()), blankToNull(request.phone()));
        var result = registerFacilitator.register(caller, new RegisterFacilitator.Command(id, request.thirdPlaceId(), person));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/facilitators/" + id))
                .eTag(Versions.etag(result.facilitator().version()))
                .body(FacilitatorResponse.of(result.facilitator()));
    }

    @PostMapping("/{id}/certifications")
    @Operation(summary = "Record a certification",
            description = "NATIONAL or the employing place's operator: name, training hours, date (not after today, "
                    + "the day in France). 409 when a "
                    + "certification of that name and date is already recorded with other hours (it is not replaced), "
                    + "when the facilitator was erased, or when they already have 100 certifications.")
    @ApiResponse(responseCode = "201", description = "Recorded; a training of the same name and date, recorded "
            + "before it led to this certification, is replaced by it (its hours count once)")
    @ApiResponse(responseCode = "200", description = "Already recorded: the same name, date and hours")
    ResponseEntity<FacilitatorResponse> certify(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                                @Valid @RequestBody CertificationRequest request) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        return recorded(recordTraining.certify(caller, id,
                new Facilitator.Certification(request.name().strip(), request.hours(), request.certifiedOn())));
    }

    @PostMapping("/{id}/trainings")
    @Operation(summary = "Record a training without certification",
            description = "NATIONAL or the employing place's operator: name, hours, the day it ended (not after today, "
                    + "the day in France). It counts in trainingHours, not in whether the facilitator is certified "
                    + "(record a certified training under certifications). 409 when a training of that name and date "
                    + "is already recorded with other hours, or as a certification, when the facilitator was erased, "
                    + "or when they already "
                    + "have 100 trainings.")
    @ApiResponse(responseCode = "201", description = "Recorded")
    @ApiResponse(responseCode = "200", description = "Already recorded: the same name, date and hours")
    ResponseEntity<FacilitatorResponse> train(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                              @Valid @RequestBody TrainingRequest request) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        return recorded(recordTraining.train(caller, id,
                new Facilitator.Training(request.name().strip(), request.hours(), request.completedOn())));
    }

    private static ResponseEntity<FacilitatorResponse> recorded(RecordFacilitatorTraining.Recorded result) {
        return ResponseEntity.status(result.changed() ? HttpStatus.CREATED : HttpStatus.OK)
                .eTag(Versions.etag(result.facilitator().version()))
                .body(FacilitatorResponse.of(result.facilitator()));
    }

    @GetMapping
    @Operation(summary = "A tiers-lieu's facilitators",
            description = "NATIONAL or the place's operator. Every facilitator registered for the place, erased ones "
                    + "included (their ids stay, their personal data do not); oldest first (a page stays put while "
                    + "others are created), pages count from 0.")
    Page<FacilitatorResponse> list(Caller caller,
                                   @RequestParam @Pattern(regexp = ThirdPlaceRequests.ID, message = "must be a tiers-lieu id") String thirdPlaceId,
                                   @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                   @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        var found = listFacilitators.ofPlace(caller, thirdPlaceId, page, size);
        return new Page<>(found.items().stream().map(FacilitatorResponse::of).toList(), page, size, found.total());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One facilitator", description = "NATIONAL or the employing place's operator.")
    ResponseEntity<FacilitatorResponse> get(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        var found = viewFacilitator.view(caller, new ViewFacilitator.Query(id));
        return ResponseEntity.ok().eTag(Versions.etag(found.version())).body(FacilitatorResponse.of(found.state()));
    }

    @DeleteMapping("/{id}/personal-data")
    @Operation(summary = "Erase a facilitator's personal data",
            description = "NATIONAL or the employing place's operator. Names, contacts, certifications and trainings are removed; "
                    + "the pseudonymous id stays, and the facilitator no longer counts for the place.")
    @ApiResponse(responseCode = "204", description = "Erased, or already erased")
    ResponseEntity<Void> erase(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        eraseFacilitator.erase(caller, new EraseFacilitator.Command(id));
        return ResponseEntity.noContent().build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
