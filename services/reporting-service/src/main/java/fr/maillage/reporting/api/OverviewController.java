package fr.maillage.reporting.api;

import fr.maillage.reporting.domain.Overview;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.ThirdPlaceProjection;
import fr.maillage.security.ApiException;
import fr.maillage.security.PublicEndpoint;
import fr.maillage.territory.Territory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@PublicEndpoint
@Tag(name = "Vue d'ensemble", description = "Public aggregates of the network of tiers-lieux")
class OverviewController {

    private final LiveProjections live;

    OverviewController(LiveProjections live) {
        this.live = live;
    }

    @GetMapping("/api/v1/overview")
    @Operation(summary = "Tiers-lieux by status, region, département, métropole vs other territories, size class, typology")
    Overview overview(@RequestParam(required = false) @Pattern(regexp = Params.REGION, message = Params.REGION_MESSAGE) String region,
                      @RequestParam(required = false) @Pattern(regexp = Params.DEPARTEMENT, message = Params.DEPARTEMENT_MESSAGE) String departement) {
        if (region != null && departement != null) {
            Territory.load().departementOutsideRegion(region, departement).ifPresent(problem -> {
                throw ApiException.invalidField("departement", problem);
            });
        }
        ThirdPlaceProjection places = live.get().places();
        if (region == null && departement == null) {
            return places.overview();
        }
        return places.overview(place -> (region == null || region.equals(place.region()))
                && (departement == null || departement.equals(place.departement())));
    }
}
