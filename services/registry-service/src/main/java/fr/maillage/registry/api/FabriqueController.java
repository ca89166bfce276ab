package fr.maillage.registry.api;

import fr.maillage.registry.domain.FabriqueLabel;
import fr.maillage.registry.usecase.AddNetworkMember;
import fr.maillage.registry.usecase.LabelFabrique;
import fr.maillage.registry.usecase.RemoveNetworkMember;
import fr.maillage.registry.usecase.WithdrawFabriqueLabel;
import fr.maillage.security.Versions;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "Fabriques", description = "Fabrique de territoire labels and the networks of member tiers-lieux")
class FabriqueController {

    private static final String IF_MATCH = "If-Match is optional: the tiers-lieu's version (409 if given and the version "
            + "moved on).";
    private static final String MEMBER_IF_MATCH = "If-Match is optional: the member tiers-lieu's version (409 if given "
            + "and the version moved on).";

    private final LabelFabrique labelFabrique;
    private final WithdrawFabriqueLabel withdrawFabriqueLabel;
    private final AddNetworkMember addNetworkMember;
    private final RemoveNetworkMember removeNetworkMember;

    FabriqueController(LabelFabrique labelFabrique, WithdrawFabriqueLabel withdrawFabriqueLabel,
                       AddNetworkMember addNetworkMember, RemoveNetworkMember removeNetworkMember) {
        this.labelFabrique = labelFabrique;
        this.withdrawFabriqueLabel = withdrawFabriqueLabel;
        this.addNetworkMember = addNetworkMember;
        this.removeNetworkMember = removeNetworkMember;
    }

    record LabelRequest(@NotNull FabriqueLabel.Track track,
                        @NotNull @Min(1) @Max(50) Integer wave,
                        @NotNull @Min(2018) @Max(2100) Integer year,
                        @NotNull @Min(0) @Max(10_000_000) Long yearlyGrantEur) {
    }

    @PutMapping("/api/v1/third-places/{id}/fabrique-label")
    @Operation(summary = "Label a tiers-lieu Fabrique de territoire",
            description = "NATIONAL. Track QPV or RURAL, wave, year, yearly grant in euros. The same label again changes "
                    + "nothing; other terms replace the label. 409 for a closed place or a member of another network. "
                    + IF_MATCH)
    ResponseEntity<ThirdPlaceResponse> label(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             @Valid @RequestBody LabelRequest request) {
        var result = labelFabrique.label(caller, new LabelFabrique.Command(id, request.track(), request.wave(),
                request.year(), request.yearlyGrantEur(), Versions.optionalIfMatch(ifMatch)));
        return ResponseEntity.ok().eTag(Versions.etag(result.place().version())).body(ThirdPlaceResponse.of(result.place()));
    }

    @DeleteMapping("/api/v1/third-places/{id}/fabrique-label")
    @Operation(summary = "Withdraw a Fabrique label",
            description = "NATIONAL. The label stays on record with status WITHDRAWN. 409 while the network has members, and"
                    + " for a tiers-lieu that never had a label. "
                    + IF_MATCH)
    @ApiResponse(responseCode = "204", description = "Withdrawn, or already withdrawn")
    ResponseEntity<Void> withdraw(Caller caller, @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String id,
                                  @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        withdrawFabriqueLabel.withdraw(caller, new WithdrawFabriqueLabel.Command(id, Versions.optionalIfMatch(ifMatch)));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/v1/fabriques/{fabriqueId}/members/{thirdPlaceId}")
    @Operation(summary = "Add a tiers-lieu to a Fabrique's network",
            description = "NATIONAL, or the Fabrique's operator for a place it also operates: a place another "
                    + "organisation operates, or none yet (as every imported place), joins only through NATIONAL (403 "
                    + "otherwise), since a Fabrique publishes activity for its members. "
                    + "Only a labelled Fabrique has members; a place is in one network at most (409 otherwise). Adding "
                    + "a member again changes nothing. " + MEMBER_IF_MATCH)
    ResponseEntity<ThirdPlaceResponse> addMember(Caller caller,
                                                 @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String fabriqueId,
                                                 @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String thirdPlaceId,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE); // as for a place's own writes: an analyst only reads
        var result = addNetworkMember.add(caller, new AddNetworkMember.Command(fabriqueId, thirdPlaceId,
                Versions.optionalIfMatch(ifMatch)));
        return ResponseEntity.ok().eTag(Versions.etag(result.place().version())).body(ThirdPlaceResponse.of(result.place()));
    }

    @DeleteMapping("/api/v1/fabriques/{fabriqueId}/members/{thirdPlaceId}")
    @Operation(summary = "Remove a tiers-lieu from a Fabrique's network",
            description = "NATIONAL or the Fabrique's operator. Removing a place that is not a member changes nothing. "
                    + MEMBER_IF_MATCH)
    @ApiResponse(responseCode = "204", description = "Removed, or not a member")
    ResponseEntity<Void> removeMember(Caller caller,
                                      @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String fabriqueId,
                                      @PathVariable @Pattern(regexp = ThirdPlaceRequests.ID) String thirdPlaceId,
                                      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        caller.requireAny(Role.NATIONAL, Role.THIRD_PLACE, Role.FABRIQUE);
        removeNetworkMember.remove(caller, new RemoveNetworkMember.Command(fabriqueId, thirdPlaceId,
                Versions.optionalIfMatch(ifMatch)));
        return ResponseEntity.noContent().build();
    }
}
