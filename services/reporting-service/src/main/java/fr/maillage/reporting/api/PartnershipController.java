package fr.maillage.reporting.api;

import fr.maillage.reporting.domain.FundsSummary;
import fr.maillage.reporting.domain.PremisesSummary;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PublicEndpoint
@Tag(name = "Locaux et fonds", description = "Premises offered by local authorities, and funds")
class PartnershipController {

    private final LiveProjections live;

    PartnershipController(LiveProjections live) {
        this.live = live;
    }

    @GetMapping("/api/v1/premises-summary")
    @Operation(summary = "Premises by status, région (and status within it) and terms",
            description = "onOffer: the premises still taking applications, OFFERED or APPLIED (the dashboard's "
                    + "'locaux proposés'), up to their availableUntil included (Paris time); in byStatus and byRegion, "
                    + "those past it count as OFFER_ENDED, so that OFFERED + APPLIED = onOffer; asOf: the time of the latest "
                    + "premises event counted, null before the first.")
    PremisesSummary premises() {
        return live.get().partnership().premises();
    }

    @GetMapping("/api/v1/funds-summary")
    @Operation(summary = "Every fund with its budget, what is committed and what is available")
    FundsSummary funds() {
        return live.get().partnership().funds();
    }
}
