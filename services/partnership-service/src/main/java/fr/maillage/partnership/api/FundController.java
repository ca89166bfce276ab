package fr.maillage.partnership.api;

import fr.maillage.partnership.domain.Fund;
import fr.maillage.partnership.store.FundStore;
import fr.maillage.partnership.usecase.CancelCommitment;
import fr.maillage.partnership.usecase.CommitFundAmount;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import fr.maillage.security.Versions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP endpoints of the fund envelopes and their commitments. Parameter constraints are checked by Spring MVC's own method
 * validation, together with the body (the platform's problem handler names each field and parameter).
 */
@RestController
@RequestMapping("/api/v1/funds")
@Tag(name = "Fonds", description = "The endowment fund (one envelope per year) and the investment fund")
class FundController {

    private final CommitFundAmount commitFundAmount;
    private final CancelCommitment cancelCommitment;
    private final FundStore funds;

    FundController(CommitFundAmount commitFundAmount, CancelCommitment cancelCommitment, FundStore funds) {
        this.commitFundAmount = commitFundAmount;
        this.cancelCommitment = cancelCommitment;
        this.funds = funds;
    }

    @GetMapping
    @Operation(summary = "Fund envelopes", description = "Any key. Budget, committed and available amounts of every "
            + "envelope (one per year of the endowment fund, and the investment fund), as a JSON array: not a page, "
            + "no page or size.")
    List<FundResponse> list(Caller caller) {
        return funds.all().stream().map(FundResponse::of).toList();
    }

    @GetMapping("/{fundId}")
    @Operation(summary = "One fund envelope", description = "Any key. The ETag is the version.")
    ResponseEntity<FundResponse> get(Caller caller,
                                     @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String fundId) {
        Fund fund = funds.find(fundId).orElseThrow(() -> ApiException.notFound("fund", fundId));
        return ResponseEntity.ok().eTag(Versions.etag(fund.version())).body(FundResponse.of(fund));
    }

    @PostMapping("/{fundId}/commitments")
    @Operation(summary = "Commit an amount", description = "NATIONAL. 201, or 200 for a retry of the same commitment; "
            + "409 if it would take the envelope past its budget or the commitmentId is used for another commitment. "
            + "The ETag is the fund's version.")
    @ApiResponse(responseCode = "201", description = "Committed")
    @ApiResponse(responseCode = "200", description = "A retry of the same commitment")
    ResponseEntity<FundResponse.CommitmentResponse> commit(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String fundId,
            @Valid @RequestBody FundRequests.Commitment request) {
        CommitFundAmount.Result result = commitFundAmount.commit(caller, new CommitFundAmount.Command(fundId,
                request.commitmentId(), request.amountEur(), request.purpose(), request.thirdPlaceId(),
                request.organisationId()));
        if (result instanceof CommitFundAmount.Refused refused) {
            throw overBudget(refused);
        }
        boolean created = ((CommitFundAmount.Committed) result).created();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/funds/" + fundId + "/commitments/" + request.commitmentId()))
                .eTag(Versions.etag(result.fund().version()))
                .body(FundResponse.CommitmentResponse.of(result.fund(), result.commitment()));
    }

    @GetMapping("/{fundId}/commitments/{commitmentId}")
    @Operation(summary = "One commitment", description = "NATIONAL. The ETag is the fund's version.")
    ResponseEntity<FundResponse.CommitmentResponse> commitment(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String fundId,
            @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String commitmentId) {
        caller.requireAny(Role.NATIONAL);
        FundStore.FundAndCommitment read = funds.findWithCommitment(fundId, commitmentId)
                .orElseThrow(() -> ApiException.notFound("fund", fundId));
        Fund fund = read.fund();
        FundResponse.CommitmentResponse found = FundResponse.CommitmentResponse.of(fund, read.commitment()
                .orElseThrow(() -> ApiException.notFound("commitment in fund " + fundId, commitmentId)));
        // a commitment changes only with its fund's version, read with it, so that version tells its answers apart too
        return ResponseEntity.ok().eTag(Versions.etag(fund.version())).body(found);
    }

    @DeleteMapping("/{fundId}/commitments/{commitmentId}")
    @Operation(summary = "Cancel a commitment", description = "NATIONAL. 204, the amount returns to the envelope; "
            + "cancelling again is harmless.")
    @ApiResponse(responseCode = "204", description = "Cancelled, or already cancelled")
    ResponseEntity<Void> cancel(
            Caller caller, @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String fundId,
            @PathVariable @Pattern(regexp = Requests.ID, message = Requests.ID_MESSAGE) String commitmentId) {
        cancelCommitment.cancel(caller, new CancelCommitment.Command(fundId, commitmentId));
        return ResponseEntity.noContent().build();
    }

    private static ApiException overBudget(CommitFundAmount.Refused refused) {
        Fund fund = refused.fund();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fundId", fund.id());
        properties.put("amountEur", refused.commitment().amountEur());
        properties.put("budgetEur", fund.budgetEur());
        properties.put("committedEur", fund.committedEur());
        properties.put("availableEur", fund.availableEur());
        return ApiException.conflict("Committing " + refused.commitment().amountEur() + " € would take fund " + fund.id()
                + " past its budget: " + fund.availableEur() + " € of " + fund.budgetEur() + " € are still available.",
                properties);
    }
}
