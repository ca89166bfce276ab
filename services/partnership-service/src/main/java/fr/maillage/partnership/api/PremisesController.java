package fr.maillage.partnership.api;

import fr.maillage.messaging.AggregateStore;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesApplication;
import fr.maillage.partnership.domain.PremisesStatus;
import fr.maillage.partnership.domain.Terms;
import fr.maillage.partnership.store.PremisesSearch;
import fr.maillage.partnership.usecase.ApplyForPremises;
import fr.maillage.partnership.usecase.CommuneLookup;
import fr.maillage.partnership.usecase.OfferPremises;
import fr.maillage.partnership.usecase.ReservePremises;
import fr.maillage.partnership.usecase.SignOccupancyAgreement;
import fr.maillage.partnership.usecase.WithdrawPremises;
import fr.maillage.security.Versions;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.IdempotencyKeys;
import fr.maillage.security.Page;
import fr.maillage.security.PublicEndpoint;
import fr.maillage.security.Role;
import fr.maillage.territory.Commune;
import fr.maillage.territory.TerritoryCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
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
import java.util.List;

/**
 * HTTP endpoints of the premises, applications and agreements. Parameter constraints are checked by Spring MVC's own method
 * validation, together with the body (the platform's problem handler names each field and parameter).
 */
@RestController
@RequestMapping("/api/v1/premises")
@Tag(name = "Locaux", description = "Premises offered by local authorities, applications and occupancy agreements")
class PremisesController {

    private final OfferPremises offerPremises;
    private final ApplyForPremises applyForPremises;
    private final ReservePremises reservePremises;
    private final SignOccupancyAgreement signOccupancyAgreement;
    private final WithdrawPremises withdrawPremises;
    private final AggregateStore<Premises> premises;
    private final CommuneLookup communes;
    private final PremisesSearch search;
    private final Clock clock;

    PremisesController(OfferPremises offerPremises, ApplyForPremises applyForPremises, ReservePremises reservePremises,
                       SignOccupancyAgreement signOccupancyAgreement, WithdrawPremises withdrawPremises,
                       AggregateStore<Premises> premises, CommuneLookup communes, PremisesSearch search, Clock clock) {
        this.offerPremises = offerPremises;
        this.applyForPremises = applyForPremises;
        this.reservePremises = reservePremises;
        this.signOccupancyAgreement = signOccupancyAgreement;
        this.withdrawPremises = withdrawPremises;
        this.premises = premises;
        this.communes = communes;
        this.search = search;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Offer premises", description = "LOCAL_AUTHORITY, for a commune inside its own territory. "
            + "400 naming availableUntil when it is before today (Paris date): nobody could apply; or when the "
            + "window cannot hold an occupancy agreement of one month from availableFrom: it could be reserved but "
            + "never signed. "
            + "Idempotent with a client-chosen id (not a version-3 UUID, the form of the ids keys stand for) or an "
            + "Idempotency-Key header, not both (400): the retry of an offer already made "
            + "answers 200 as it did, even once its availableUntil is past.")
    @ApiResponse(responseCode = "201", description = "Offered")
    @ApiResponse(responseCode = "200", description = "A retry: these premises were already offered with this id or "
            + "Idempotency-Key")
    ResponseEntity<PremisesResponse> offer(Caller caller, @Valid @RequestBody PremisesRequests.Offer request,
                                           @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String id = Requests.idFor(request.id(), caller, "premises", idempotencyKey);
        boolean idFromKey = request.id() == null && IdempotencyKeys.given(idempotencyKey);
        OfferPremises.Result result = offerPremises.offer(caller, new OfferPremises.Command(id, idFromKey, request.communeCode(),
                request.address(), request.surfaceM2(), request.kind(), request.terms(), request.monthlyRentEur(),
                request.availableFrom(), request.availableUntil(), request.description()));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/premises/" + id))
                .eTag(Versions.etag(result.premises().version()))
                .body(PremisesResponse.of(result.premises(), clock.instant()));
    }

    @GetMapping
    @PublicEndpoint
    @Operation(summary = "Search premises", description = "Public. Filters combine; a communeCode outside the "
            + "région or département given, or a département outside the région, is a 400 naming it. Pages count "
            + "from 0, sorted by availability date, then by offer: an offer made, or one that stops matching the "
            + "filters, while a client pages may move the later pages by one (page through a stable selection, "
            + "or read again). An offer whose last day has passed keeps its status (OFFERED or APPLIED) with "
            + "offerEnded true: it takes no more applications, and availableOn leaves it out.")
    Page<PremisesResponse> search(
            @RequestParam(required = false) @Pattern(regexp = TerritoryCodes.REGION, message = TerritoryCodes.REGION_MESSAGE) String region,
            @RequestParam(required = false) @Pattern(regexp = TerritoryCodes.DEPARTEMENT, message = TerritoryCodes.DEPARTEMENT_MESSAGE) String departement,
            @RequestParam(required = false) @Pattern(regexp = "^[0-9AaBb]{5}$", message = "must be an INSEE commune code") String communeCode,
            @RequestParam(required = false) @Min(0) @Max(1_000_000) Integer minSurfaceM2,
            @RequestParam(required = false) Terms terms,
            @RequestParam(required = false) @Parameter(description = "a day (YYYY-MM-DD): premises offered for that day "
                    + "and still taking applications (OFFERED or APPLIED); not reserved, signed or withdrawn ones")
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate availableOn,
            @RequestParam(required = false) PremisesStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        communes.territory().departementOutsideRegion(region, departement).ifPresent(problem -> {
            throw ApiException.invalidField("departement", problem);
        });
        String commune = null;
        if (communeCode != null) {
            // filters that contradict each other are a mistake to name, not « 0 premises » to read as a fact
            Commune ref = communes.require("communeCode", communeCode);
            if (departement != null && !departement.equals(ref.departement())) {
                throw ApiException.invalidField("communeCode", "is " + ref.name() + ", in département "
                        + ref.departement() + ", not in département " + departement + ": give one of the two");
            }
            if (region != null && !region.equals(ref.region())) {
                throw ApiException.invalidField("communeCode", "is " + ref.name() + ", in région " + ref.region()
                        + ", not in région " + region + ": give one of the two");
            }
            commune = ref.code();
        }
        if (availableOn != null && (availableOn.getYear() < 2000 || availableOn.getYear() > 2100)) {
            // as the offers' dates: beyond, the search would compare it as text with theirs and find nothing
            throw ApiException.invalidField("availableOn", "must be a date between 2000-01-01 and 2100-12-31");
        }
        var found = search.find(new PremisesSearch.Criteria(region, departement, commune, minSurfaceM2, terms, availableOn,
                status), page, size);
        var now = clock.instant(); // one day for the whole page
        return new Page<>(found.items().stream().map(p -> PremisesResponse.of(p, now)).toList(), page, size, found.total());
    }

    @GetMapping("/{id}")
    @PublicEndpoint
    @Operation(summary = "One offer of premises", description = "Public. The ETag is the version.")
    ResponseEntity<PremisesResponse> get(@PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id) {
        var found = premises.find(id).orElseThrow(() -> ApiException.notFound("premises", id));
        return ResponseEntity.ok().eTag(Versions.etag(found.version())).body(PremisesResponse.of(found.state(), clock.instant()));
    }

    @PostMapping("/{id}/applications")
    @Operation(summary = "Apply for premises", description = "An organisation with the FABRIQUE, THIRD_PLACE, "
            + "LOCAL_AUTHORITY or NATIONAL role, with its project: an ANALYST-only key gets 403, as does the offering "
            + "authority for its own premises. Idempotent with a client-chosen applicationId or (not both: 400) an Idempotency-Key "
            + "header; an applicationId is the organisation's own: the application's id (in the answer and its "
            + "Location) is derived from it, and the applicant may also read the application at that applicationId. "
            + "409 when the premises take no more applications (with currentStatus), when the offer ended "
            + "(availableUntil is past, Paris time), when the organisation already has an application waiting for "
            + "them, when they already received 200 applications, or when the organisation used the applicationId "
            + "or Idempotency-Key for another project.")
    @ApiResponse(responseCode = "201", description = "Received")
    @ApiResponse(responseCode = "200", description = "A retry: this application was already received")
    ResponseEntity<PremisesResponse.Application> apply(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @Valid @RequestBody PremisesRequests.ApplicationRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        ApplyForPremises.Result result = applyForPremises.apply(caller,
                new ApplyForPremises.Command(id, request.applicationId(), idempotencyKey, request.project()));
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/premises/" + id + "/applications/" + result.application().id()))
                .body(PremisesResponse.Application.of(result.premises(), result.application()));
    }

    @GetMapping("/{id}/applications")
    @Operation(summary = "Applications for premises", description = "The offering authority and the national "
            + "structure see every application; another organisation sees its own. In the order received, paginated.")
    Page<PremisesResponse.Application> applications(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        Premises found = premises.find(id).orElseThrow(() -> ApiException.notFound("premises", id)).state();
        List<PremisesResponse.Application> visible = found.applications().stream()
                .filter(application -> sees(caller, found, application))
                .map(application -> PremisesResponse.Application.of(found, application))
                .toList();
        List<PremisesResponse.Application> items = visible.stream().skip((long) page * size).limit(size).toList();
        return new Page<>(items, page, size, visible.size());
    }

    @GetMapping("/{id}/applications/{applicationId}")
    @Operation(summary = "One application for premises", description = "Where an application's Location points. "
            + "The offering authority, the national structure and the applicant (also at the applicationId it "
            + "chose); 404 for anyone else.")
    PremisesResponse.Application application(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String applicationId) {
        Premises found = premises.find(id).orElseThrow(() -> ApiException.notFound("premises", id)).state();
        // another's application answers as a missing one: its existence is the applicant's business
        return found.application(applicationId).filter(application -> sees(caller, found, application))
                .or(() -> found.application(ApplyForPremises.scopedId(caller, id, applicationId))
                        .filter(application -> sees(caller, found, application)))
                .map(application -> PremisesResponse.Application.of(found, application))
                .orElseThrow(() -> ApiException.notFound("application", applicationId));
    }

    /** The offering authority and the national structure see every application; an applicant its own. */
    private static boolean sees(Caller caller, Premises premises, PremisesApplication application) {
        return caller.isNational()
                || (caller.has(Role.LOCAL_AUTHORITY) && caller.organisationId().equals(premises.offeredBy()))
                || application.organisationId().equals(caller.organisationId());
    }

    @PostMapping("/{id}/reservation")
    @Operation(summary = "Reserve premises for one application", description = "The offering authority. "
            + "The other waiting applications are declined; reserving the same application again changes nothing "
            + "(200 with the current premises, also once the agreement is signed with it, and whatever If-Match). "
            + "409 with currentStatus if the premises are not APPLIED or the application is no longer waiting; 404 "
            + "for an applicationId these premises did not receive. If-Match is optional (409 if given and the "
            + "version moved on).")
    ResponseEntity<PremisesResponse> reserve(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody PremisesRequests.Reservation request) {
        Premises reserved = reservePremises.reserve(caller,
                new ReservePremises.Command(id, request.applicationId(), Versions.optionalIfMatch(ifMatch)));
        return answer(reserved);
    }

    @PostMapping("/{id}/agreement")
    @Operation(summary = "Sign the occupancy agreement", description = "The offering authority, with the reserved "
            + "application; signing the same agreement again changes nothing. 409 with currentStatus if the premises "
            + "are not RESERVED or are reserved for another application; 404 for an applicationId these premises did "
            + "not receive. 400 naming the field when monthlyRentEur does not fit the terms (0 for FREE premises, "
            + "above 0 otherwise), or when the agreement would start before the premises are available or end after "
            + "they stop being. If-Match is optional (409 if given and the version moved on).")
    ResponseEntity<PremisesResponse> agreement(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch,
            @Valid @RequestBody PremisesRequests.Agreement request) {
        Premises signed = signOccupancyAgreement.sign(caller, new SignOccupancyAgreement.Command(id,
                request.applicationId(), request.startsOn(), request.months(), request.monthlyRentEur(),
                Versions.optionalIfMatch(ifMatch)));
        return answer(signed);
    }

    @PostMapping("/{id}/withdrawal")
    @Operation(summary = "Withdraw premises", description = "The offering authority, before an agreement is signed. "
            + "Waiting and reserved applications are declined. Withdrawing withdrawn premises changes nothing and "
            + "answers 200, If-Match or not (the retry of a withdrawal whose answer was lost); otherwise If-Match is "
            + "optional (409 if given and the version moved on).")
    ResponseEntity<PremisesResponse> withdraw(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String id,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        return answer(withdrawPremises.withdraw(caller, new WithdrawPremises.Command(id, Versions.optionalIfMatch(ifMatch))));
    }

    private ResponseEntity<PremisesResponse> answer(Premises premises) {
        return ResponseEntity.ok().eTag(Versions.etag(premises.version())).body(PremisesResponse.of(premises, clock.instant()));
    }
}
