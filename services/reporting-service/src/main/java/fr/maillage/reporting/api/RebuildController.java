package fr.maillage.reporting.api;

import fr.maillage.reporting.usecase.RebuildProjections;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.Map;

@RestController
@Tag(name = "Administration", description = "Rebuilding the projections (NATIONAL only)")
class RebuildController {

    private static final String PATH = "/api/v1/admin/rebuild";

    private final RebuildProjections rebuild;

    RebuildController(RebuildProjections rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping(PATH)
    @Operation(summary = "Replays every stream from offset zero into fresh projections, swapped in once caught up; "
            + "202 with the status, 409 if a rebuild is already running, 503 if Kafka cannot be read")
    @ApiResponse(responseCode = "202", description = "Started: the rebuild's status, followed with GET")
    ResponseEntity<RebuildProjections.Status> start(Caller caller) {
        caller.requireAny(Role.NATIONAL);
        RebuildProjections.Outcome outcome;
        try {
            outcome = rebuild.start();
        } catch (RebuildProjections.StreamsUnavailable e) {
            throw ApiException.unavailable(e.getMessage() + "; no rebuild was started, retry in a minute.",
                    Duration.ofSeconds(60));
        }
        if (!outcome.started()) {
            throw ApiException.conflict("A rebuild is already running (generation " + outcome.status().generation()
                    + "); follow it with GET " + PATH + ".", Map.of("rebuild", outcome.status()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Location", PATH).body(outcome.status());
    }

    @GetMapping(PATH)
    @Operation(summary = "The last rebuild: RUNNING with its progress, SWAPPED with replayedEvents, seconds and "
            + "eventsPerSecond, FAILED with the reason, or IDLE")
    RebuildProjections.Status status(Caller caller) {
        caller.requireAny(Role.NATIONAL);
        return rebuild.status();
    }
}
