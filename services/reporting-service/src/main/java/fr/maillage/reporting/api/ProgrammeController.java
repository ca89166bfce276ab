package fr.maillage.reporting.api;

import fr.maillage.reporting.domain.FabriqueProgramme;
import fr.maillage.reporting.domain.FacilitatorShare;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@PublicEndpoint
@Tag(name = "Fabriques et animateurs", description = "The Fabriques de territoire programme and facilitators")
class ProgrammeController {

    private final LiveProjections live;

    ProgrammeController(LiveProjections live) {
        this.live = live;
    }

    @GetMapping("/api/v1/fabriques")
    @Operation(summary = "Labelled Fabriques against the target of 300, by track and wave, and their networks",
            description = "networks: every labelled Fabrique and every Fabrique a tiers-lieu not closed names as "
                    + "its network, most members first, a Fabrique without members yet included (members 0); members: "
                    + "its member tiers-lieux not closed (the registry keeps a closed place in its network until it is "
                    + "removed); animatedNetworks: how many have at least one such member.")
    FabriqueProgramme fabriques() {
        return live.get().places().programme();
    }

    @GetMapping("/api/v1/facilitators-summary")
    @Operation(summary = "Share of tiers-lieux with a certified facilitator, nationally and per région",
            description = "Open tiers-lieux only: a project has not opened yet, and a closed place's counts are those"
                    + " it had when it closed.")
    FacilitatorShare facilitators() {
        return live.get().places().facilitators();
    }
}
