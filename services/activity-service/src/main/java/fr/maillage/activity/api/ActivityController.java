package fr.maillage.activity.api;

import fr.maillage.activity.domain.ActivityReport;
import fr.maillage.activity.domain.MonthlyIndicators;
import fr.maillage.activity.usecase.Outcome;
import fr.maillage.activity.usecase.PublishActivityReports;
import fr.maillage.activity.usecase.PublishMonthlyIndicators;
import fr.maillage.activity.usecase.SubmittedItem;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@RestController
@Tag(name = "Activity", description = "Activity reports and monthly indicators published by Fabriques and tiers-lieux")
class ActivityController {

    private static final ZoneId EASTERNMOST = ZoneId.of("Indian/Reunion");

    static final String REPORTS_PATH = "/api/v1/activity-reports";
    static final String INDICATORS_PATH = "/api/v1/monthly-indicators";

    private final PublishActivityReports publishActivityReports;
    private final PublishMonthlyIndicators publishMonthlyIndicators;
    private final Clock clock;

    ActivityController(PublishActivityReports publishActivityReports, PublishMonthlyIndicators publishMonthlyIndicators,
                       Clock clock) {
        this.publishActivityReports = publishActivityReports;
        this.publishMonthlyIndicators = publishMonthlyIndicators;
        this.clock = clock;
    }

    @PostMapping(REPORTS_PATH)
    @Operation(summary = "Publish activity reports",
            description = "FABRIQUE, THIRD_PLACE or NATIONAL; 1 to 1,000 reports for the places the caller operates"
                    + " and the members of the network of a Fabrique it operates. 202 once Kafka acknowledged every"
                    + " accepted report, with one result per report: ACCEPTED (with its eventId), DUPLICATE (this"
                    + " reportId and revision were already accepted with the same content, or repeated in the batch:"
                    + " the highest revision wins) or REJECTED with a reason (invalid, outside the caller's places,"
                    + " a lower revision than one already accepted, or the same revision with other content)."
                    + " 400 when no report is valid and 403 when none may be published by the caller (both with"
                    + " 'results'). 429 over the per-key rate limit, or when the caller's organisation, whichever of its"
                    + " keys (or the national structure on its behalf), already has a batch under way and others"
                    + " waiting (8 by default): its batches are decided one after another,"
                    + " so send the next when one is answered. 503 when Kafka does not acknowledge, the activity store"
                    + " is unavailable, or the service is too busy to take the batch within 10 s (or at once, when 64"
                    + " batches from all publishers are already waiting). Both with"
                    + " Retry-After. The national structure may name another organisation in onBehalfOf to correct"
                    + " that organisation's reports (a higher revision of one of its reportIds; an item naming none it"
                    + " published is REJECTED), for instance once it no longer publishes for their tiers-lieu; the"
                    + " events then carry that organisation as publisher and the national structure as correctedBy, and the"
                    + " batch takes that organisation's turn."
                    + " onBehalfOf from another caller is 403; naming an organisation the service does not know, 400.")
    @ApiResponse(responseCode = "202", description = "One result per report, in the order sent")
    ResponseEntity<IngestRequests.Results> publishReports(Caller caller,
                                                          @Parameter(description = "NATIONAL only: the organisation"
                                                                  + " whose reports these are (default: the caller's)")
                                                          @RequestParam(name = "onBehalfOf", required = false)
                                                          String onBehalfOf,
                                                          @Valid @RequestBody IngestRequests.ActivityReports request) {
        requirePublisher(caller);
        LocalDate today = latestDayInFrance();
        List<SubmittedItem<ActivityReport>> items = request.reports().stream()
                .map(r -> new SubmittedItem<>(r.reportId(), ActivityReport.check(r.reportId(), r.revision(),
                        r.thirdPlaceId(), r.date(), r.category(), r.participants(), r.hours(), r.audiences(), today)))
                .toList();
        return answer("reports", publishActivityReports.publish(new PublishActivityReports.Command(caller, onBehalfOf,
                items)));
    }

    @PostMapping(INDICATORS_PATH)
    @Operation(summary = "Publish monthly indicators",
            description = "Same rules and answers as activity reports; month as YYYY-MM, at least one figure. A"
                    + " tiers-lieu's month has one set of indicators: it belongs to the first reportId that gives it,"
                    + " whose higher revisions correct it; indicators of that month under another reportId are"
                    + " REJECTED, unless sent by the national structure, or by an organisation allowed for the place"
                    + " once the owner no longer is, with a revision above the highest given. A revision cannot move"
                    + " a report to another tiers-lieu or month. Also 503 while other requests claim the same months:"
                    + " retry the same batch.")
    @ApiResponse(responseCode = "202", description = "One result per item, in the order sent")
    ResponseEntity<IngestRequests.Results> publishIndicators(Caller caller,
                                                             @Valid @RequestBody IngestRequests.MonthlyIndicatorsBatch request) {
        requirePublisher(caller);
        LocalDate today = latestDayInFrance();
        List<SubmittedItem<MonthlyIndicators>> items = request.indicators().stream()
                .map(i -> new SubmittedItem<>(i.reportId(), MonthlyIndicators.check(i.reportId(), i.revision(),
                        i.thirdPlaceId(), i.month(), i.members(), i.deskDays(), i.staffFte(), i.volunteers(),
                        i.ownRevenueShare(), today)))
                .toList();
        return answer("indicators", publishMonthlyIndicators.publish(new PublishMonthlyIndicators.Command(caller, items)));
    }

    private static void requirePublisher(Caller caller) {
        caller.requireAny(Role.FABRIQUE, Role.THIRD_PLACE, Role.NATIONAL);
    }

    private static ResponseEntity<IngestRequests.Results> answer(String list, Outcome outcome) {
        List<IngestRequests.Result> results = outcome.results().stream().map(IngestRequests.Result::of).toList();
        Map<String, Object> withResults = Map.of("results", results);
        switch (outcome.verdict()) {
            case NOTHING_ALLOWED -> throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden",
                    "Nothing in this batch may be published by your organisation (each result gives the reason):"
                            + " each tiers-lieu is not known to the activity service (yet: one registered a moment"
                            + " ago reaches it within seconds), or neither operated by your organisation nor a member"
                            + " of the network of an open Fabrique with a label in force that it operates.",
                    null, null, withResults);
            case NOTHING_VALID -> {
                List<ApiException.FieldError> errors = outcome.problems().stream()
                        .map(p -> new ApiException.FieldError(list + "[" + p.index() + "]." + p.field(), p.message()))
                        .toList();
                long invalid = outcome.problems().stream().map(Outcome.ItemProblem::index).distinct().count();
                long refused = results.stream().filter(r -> r.status().equals("REJECTED")).count() - invalid;
                String detail = (refused > 0 ? "Nothing in this batch can be published: " : "No item of this batch is valid: ")
                        + errors.stream().limit(5)
                        .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "))
                        + (errors.size() > 5 ? "; …" : "")
                        + (refused > 0 ? "; and " + refused + " valid item(s) are for tiers-lieux not known yet (retry"
                        + " them shortly) or your organisation may not publish for: see their results" : "") + ".";
                throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors, null, withResults);
            }
            default -> {
                return ResponseEntity.status(HttpStatus.ACCEPTED).body(new IngestRequests.Results(results));
            }
        }
    }

    /** The day in La Réunion (UTC+4), the easternmost département: no later day has begun anywhere in France. */
    private LocalDate latestDayInFrance() {
        return LocalDate.now(clock.withZone(EASTERNMOST));
    }
}
