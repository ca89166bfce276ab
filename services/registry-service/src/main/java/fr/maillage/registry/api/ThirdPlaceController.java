package fr.maillage.registry.api;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.registry.domain.Cget2019;
import fr.maillage.registry.domain.ThirdPlace;
import fr.maillage.registry.domain.ThirdPlaceDetails;
import fr.maillage.registry.domain.ThirdPlaceStatus;
import fr.maillage.registry.domain.Typology;
import fr.maillage.registry.store.RegistrySearches;
import fr.maillage.registry.usecase.CloseThirdPlace;
import fr.maillage.registry.usecase.CommuneLookup;
import fr.maillage.registry.usecase.OpenThirdPlace;
import fr.maillage.registry.usecase.OperatorLookup;
import fr.maillage.registry.usecase.RegisterThirdPlace;
import fr.maillage.registry.usecase.UpdateThirdPlace;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import fr.maillage.security.Page;
import fr.maillage.security.Role;
import fr.maillage.security.Versions;
import fr.maillage.territory.TerritoryCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

@RestController
@Validated
@RequestMapping("/api/v1/third-places")
@Tag(name = "Tiers-lieux", description = "The national register of tiers-lieux")
class ThirdPlaceController {

    private final RegisterThirdPlace registerThirdPlace;
    private final UpdateThirdPlace updateThirdPlace;
    private final OpenThirdPlace openThirdPlace;
    private final CloseThirdPlace closeThirdPlace;
    private final AggregateStore<ThirdPlace> places;
    private final CommuneLookup communes;
    private final OperatorLookup operators;
    private final RegistrySearches searches;
    private final Clock clock;

    ThirdPlaceController(RegisterThirdPlace registerThirdPlace, UpdateThirdPlace updateThirdPlace,
                         OpenThirdPlace openThirdPlace, CloseThirdPlace closeThirdPlace,
                         AggregateStore<ThirdPlace> places, CommuneLookup communes, OperatorLookup operators,
                         RegistrySearches searches, Clock clock) {
        this.registerThirdPlace = registerThirdPlace;
        this.updateThirdPlace = updateThirdPlace;
        this.openThirdPlace = openThirdPlace;
        this.closeThirdPlace = closeThirdPlace;
        this.places = places;
        this.communes = communes;
        this.operators = operators;
        this.searches = searches;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Register a tiers-lieu",
            description = "NATIONAL, or THIRD_PLACE/FABRIQUE for a place it will operate. Idempotent with a client-chosen id or an Idempotency-Key header, not both (400); a chosen id may not take the form of the ids keys stand for (a version-3 UUID); the retry answers 200 with the place as it is now, also once it changed since. "
                    + "Ids starting with cget-2019- are the CGET 2019 import's: only NATIONAL may choose one. "
                    + "latitude and longitude come together (400 naming the one missing). openedOn is not after "
                    + "today, the day in France, unless status is PROJECT (a planned date); status defaults to OPEN.")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(responseCode = "200", description = "A retry: this place was already registered with this id or "
            + "Idempotency-Key (409 if it was with other details)")
    ResponseEntity<ThirdPlaceResponse> register(Caller caller, @Valid @RequestBody ThirdPlaceRequests.Register request,
                                                @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        String operatorId = request.operatorId();
        if (!caller.isNational()) {
            if (operatorId != null && !operatorId.equals(caller.organisationId())) {
                throw ApiException.forbidden("You may only register a tiers-lieu your organisation operates (operatorId "
                        + caller.organisationId() + ").");
            }
            operatorId = caller.organisationId();
        } else {
            operators.require("operatorId", operatorId);
        }
        if (!caller.isNational() && request.id() != null && Cget2019.ownsId(request.id())) {
            // a place registered under such an id would stand for good in the way of that row of the import
            throw ApiException.invalidField("id", "ids starting with " + Cget2019.ID_PREFIX
                    + " are those of the CGET 2019 import's places: choose another, or leave id out");
        }
        requireBothCoordinatesOrNone(request.latitude(), request.longitude(), "(or neither)");
        String id = IdempotencyKeys.idFor(caller, "third-place", "id", request.id(), idempotencyKey);
        ThirdPlaceDetails details = new ThirdPlaceDetails(request.name().trim(), operatorId, request.address(),
                request.postalCode(), communes.require("communeCode", request.communeCode()), request.latitude(),
                request.longitude(), request.typologies(), request.status(), request.surfaceM2(), request.qpvCode(),
                request.openedOn(), request.services());
        requireOpenedByToday(details.status(), details.openedOn());
        RegisterThirdPlace.Result result = registerThirdPlace.register(new RegisterThirdPlace.Command(id, details, null));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/third-places/" + id))
                .eTag(Versions.etag(result.place().version()))
                .body(ThirdPlaceResponse.of(result.place()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One tiers-lieu", description = "Any key. The ETag is the version to send in If-Match.")
    ResponseEntity<ThirdPlaceResponse> get(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id) {
        var found = places.find(id).orElseThrow(() -> ApiException.notFound("tiers-lieu", id));
        return ResponseEntity.ok().eTag(Versions.etag(found.version())).body(ThirdPlaceResponse.of(found.state()));
    }

    @GetMapping
    @Operation(summary = "Search tiers-lieux", description = "Any key. Filters combine (fabrique: the members of "
            + "the network of that Fabrique, labelled or once labelled, 400 if it names none; operator: the places an organisation "
            + "operates; labelled=true|false: the places with or without a Fabrique label in force, LABELLED or "
            + "ACTIVE); pages count from 0, oldest first (a page stays put while others are created).")
    Page<ThirdPlaceResponse> list(Caller caller,
                                  @RequestParam(required = false) @Pattern(regexp = TerritoryCodes.REGION, message = TerritoryCodes.REGION_MESSAGE) String region,
                                  @RequestParam(required = false) @Pattern(regexp = TerritoryCodes.DEPARTEMENT, message = TerritoryCodes.DEPARTEMENT_MESSAGE) String departement,
                                  @RequestParam(required = false) Typology typology,
                                  @RequestParam(required = false) ThirdPlaceStatus status,
                                  @RequestParam(required = false) @Pattern(regexp = ThirdPlaceRequests.ID) String fabrique,
                                  @RequestParam(required = false) @Pattern(regexp = ThirdPlaceRequests.ID) String operator,
                                  @RequestParam(required = false) @Pattern(regexp = "^(true|false)$", message = "must be true or false")
                                  @Parameter(description = "true: places with a Fabrique label in force; false: places without",
                                          schema = @Schema(type = "string", allowableValues = {"true", "false"})) String labelled,
                                  @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                                  @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        // an empty list would read as a Fabrique without members; one whose label was withdrawn may
        // still have some, which its operator is told to remove: those are listed
        if (fabrique != null && !places.find(fabrique).map(found -> found.state().fabriqueLabel() != null).orElse(false)) {
            throw ApiException.invalidField("fabrique", "names no Fabrique: '" + fabrique + "' is not a"
                    + " tiers-lieu of the registry, or was never labelled a Fabrique");
        }
        communes.territory().departementOutsideRegion(region, departement).ifPresent(problem -> {
            throw ApiException.invalidField("departement", problem);
        });
        var found = searches.places(new RegistrySearches.PlaceCriteria(region, departement, typology, status, fabrique,
                operator, labelled == null ? null : Boolean.valueOf(labelled)), page, size);
        return new Page<>(found.items().stream().map(ThirdPlaceResponse::of).toList(), page, size, found.total());
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a tiers-lieu", description = "NATIONAL or its operator, with If-Match: <version>. 409 if the version moved on, 428 without If-Match. "
            + "Fields left out keep their value; 'clear' names optional fields to empty (operatorId: NATIONAL only). "
            + "A member of a Fabrique's network takes no operator other than the Fabrique's, and a Fabrique is not handed to "
            + "an operator while its network holds places other organisations operate (409: remove them from the network first). "
            + "The status is changed by /opening and /closure: a PATCH giving another status is 400. "
            + "latitude or longitude alone moves a place that has both along one axis; a place without coordinates "
            + "takes both (400 naming the one missing). openedOn is not after today, the day in France, unless the "
            + "place is a PROJECT (a planned date).")
    ResponseEntity<ThirdPlaceResponse> patch(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                             // required: read here so that its absence is a 428, not Spring's 400
                                             @io.swagger.v3.oas.annotations.Parameter(required = true,
                                                     description = "the version read, as the ETag gave it")
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             @Valid @RequestBody ThirdPlaceRequests.Patch patch) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        long expected = Versions.requireIfMatch(ifMatch);
        var commune = patch.communeCode() == null ? null : communes.require("communeCode", patch.communeCode());
        Set<String> clear = patch.clear();
        requireGivenOrCleared(clear, "operatorId", patch.operatorId());
        requireGivenOrCleared(clear, "address", patch.address());
        requireGivenOrCleared(clear, "postalCode", patch.postalCode());
        requireGivenOrCleared(clear, "coordinates", patch.latitude() != null ? patch.latitude() : patch.longitude());
        requireGivenOrCleared(clear, "surfaceM2", patch.surfaceM2());
        requireGivenOrCleared(clear, "qpvCode", patch.qpvCode());
        requireGivenOrCleared(clear, "openedOn", patch.openedOn());
        requireGivenOrCleared(clear, "services", patch.services());
        if (clear.contains("operatorId") && !caller.isNational()) {
            throw ApiException.forbidden("Only the national structure may change the operator of a tiers-lieu.");
        }
        ThirdPlace updated = updateThirdPlace.update(caller, new UpdateThirdPlace.Command(id, expected, details -> {
            // the operator's own id sent back (a representation read, edited and sent whole) changes nothing
            if (patch.operatorId() != null && !patch.operatorId().equals(details.operatorId())) {
                if (!caller.isNational()) {
                    throw ApiException.forbidden("Only the national structure may change the operator of a tiers-lieu.");
                }
                // looked up once the caller is known to be national: others never learn which ids exist
                operators.require("operatorId", patch.operatorId());
            }
            requireSameStatus(id, patch.status(), details.status());
            Double latitude = pick(clear, "coordinates", patch.latitude(), details.latitude());
            Double longitude = pick(clear, "coordinates", patch.longitude(), details.longitude());
            if (patch.latitude() != null || patch.longitude() != null) {
                requireBothCoordinatesOrNone(latitude, longitude, "since the tiers-lieu has no coordinates yet"
                        + " (once it has both, either may be changed alone)");
            }
            if (patch.openedOn() != null) {
                requireOpenedByToday(details.status(), patch.openedOn());
            }
            return new ThirdPlaceDetails(
                    patch.name() != null ? patch.name().trim() : details.name(),
                    pick(clear, "operatorId", patch.operatorId(), details.operatorId()),
                    pick(clear, "address", patch.address(), details.address()),
                    pick(clear, "postalCode", patch.postalCode(), details.postalCode()),
                    commune != null ? commune : details.commune(),
                    latitude,
                    longitude,
                    patch.typologies() != null ? patch.typologies() : details.typologies(),
                    details.status(),
                    pick(clear, "surfaceM2", patch.surfaceM2(), details.surfaceM2()),
                    pick(clear, "qpvCode", patch.qpvCode(), details.qpvCode()),
                    pick(clear, "openedOn", patch.openedOn(), details.openedOn()),
                    pick(clear, "services", patch.services(), details.services()));
        }));
        return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(ThirdPlaceResponse.of(updated));
    }

    /** A field named in {@code clear} is emptied, one given takes its value, else it keeps the one it has. */
    private static <T> T pick(Set<String> clear, String field, T given, T current) {
        return clear.contains(field) ? null : given != null ? given : current;
    }

    /**
     * A PATCH may repeat the status, not change it: an opening or a closure has its own endpoint, event
     * and rules (the opening date, a Fabrique's label).
     */
    private static void requireSameStatus(String id, ThirdPlaceStatus given, ThirdPlaceStatus current) {
        if (given != null && given != current) {
            throw ApiException.invalidField("status", "is " + current + " and a PATCH does not change it: POST"
                    + " /api/v1/third-places/" + id + "/opening opens or reopens the tiers-lieu, POST"
                    + " /api/v1/third-places/" + id + "/closure closes it");
        }
    }

    /** Half a location would be stored and published as it is: a place is located by both coordinates, or not at all. */
    private static void requireBothCoordinatesOrNone(Double latitude, Double longitude, String why) {
        if (latitude != null && longitude == null) {
            throw ApiException.invalidField("longitude", "is missing: a latitude is given with its longitude " + why);
        }
        if (longitude != null && latitude == null) {
            throw ApiException.invalidField("latitude", "is missing: a longitude is given with its latitude " + why);
        }
    }

    /**
     * An open or closed place opened on a day that has come; only a project has an opening date
     * ahead, the one planned. Today is the day in France, as for an opening's date.
     */
    private void requireOpenedByToday(ThirdPlaceStatus status, LocalDate openedOn) {
        LocalDate today = LocalDate.now(clock.withZone(ThirdPlace.FRANCE));
        if (status != ThirdPlaceStatus.PROJECT && openedOn != null && openedOn.isAfter(today)) {
            throw ApiException.invalidField("openedOn", "is after today (" + today + " in France) while the tiers-lieu"
                    + " is " + status + ": only a PROJECT has an opening date to come");
        }
    }

    private static void requireGivenOrCleared(Set<String> clear, String field, Object given) {
        if (given != null && clear.contains(field)) {
            throw ApiException.invalidField("clear", "names " + field + ", which the request also gives: either one");
        }
    }

    @PostMapping("/{id}/opening")
    @Operation(summary = "Open a tiers-lieu", description = "NATIONAL or its operator. From PROJECT, or CLOSED (reopening); "
            + "opening an open place changes nothing, If-Match or not (the retry of an opening whose answer was lost). "
            + "If-Match is optional (409 if given and the version moved on). "
            + "openedOn, when given, is not after today, the day in France; left out, it is the date already known "
            + "unless that is still to come (a project opening before its planned date), else today.")
    ResponseEntity<ThirdPlaceResponse> open(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            @Valid @RequestBody(required = false) ThirdPlaceRequests.Opening opening) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        ThirdPlace place = openThirdPlace.open(caller, new OpenThirdPlace.Command(id, Versions.optionalIfMatch(ifMatch),
                opening == null ? null : opening.openedOn()));
        return ResponseEntity.ok().eTag(Versions.etag(place.version())).body(ThirdPlaceResponse.of(place));
    }

    @PostMapping("/{id}/closure")
    @Operation(summary = "Close a tiers-lieu", description = "NATIONAL or its operator; closing a closed place changes "
            + "nothing, If-Match or not (the retry of a closure whose answer was lost). If-Match is optional (409 if "
            + "given and the version moved on). A labelled Fabrique is not "
            + "closed: 409, If-Match or not, until the national structure withdraws its label. A project closed "
            + "before its planned opening day (in France) loses that date: it never opened.")
    ResponseEntity<ThirdPlaceResponse> close(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        ThirdPlace place = closeThirdPlace.close(caller, new CloseThirdPlace.Command(id, Versions.optionalIfMatch(ifMatch)));
        return ResponseEntity.ok().eTag(Versions.etag(place.version())).body(ThirdPlaceResponse.of(place));
    }
}
