package fr.maillage.reporting.api;

import fr.maillage.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@PublicEndpoint
@Tag(name = "Flux en direct", description = "Server-Sent Events as the figures change")
class StreamController {

    private final LiveStream stream;

    StreamController(LiveStream stream) {
        this.stream = stream;
    }

    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Events 'overview' (as GET /api/v1/overview) and 'summary' (headline figures), sent at once "
            + "and then within a second of each change; 'heartbeat' ({\"everySeconds\": 15}) after the first figures "
            + "and when idle for that long: a client that hears nothing for a few intervals may open the stream again",
            description = "Public. Refused with Retry-After: 30 when the client's address (an IPv6 address's /64 "
                    + "network) already has 8 streams open (429: clients behind one address, such as an office's NAT, share them) or when the service "
                    + "already serves 500 (503); these are the default limits. In 'summary', premisesOffered counts "
                    + "the premises still on offer (OFFERED or APPLIED, up to their availableUntil), as onOffer in GET "
                    + "/api/v1/premises-summary.")
    SseEmitter stream(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        return stream.open(request.getRemoteAddr());
    }

    /**
     * Answered here rather than by the GET: a HEAD would hold a stream open that nobody reads. It
     * answers as the GET would (406, 429, 503), without opening anything.
     */
    @RequestMapping(path = "/api/v1/stream", method = RequestMethod.HEAD, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<Void> head(HttpServletRequest request) {
        stream.requireRoomForAnother(request.getRemoteAddr());
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).header("Cache-Control", "no-store").build();
    }
}
