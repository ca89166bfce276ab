package fr.maillage.reporting.api;

import fr.maillage.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;

/**
 * The national dashboard, a page in French. Mapped here rather than left to Spring Boot's welcome
 * page, which answered a client that does not accept HTML with an empty 406: this way it gets the
 * same problem+json as every other endpoint, pointing to the JSON figures.
 */
@RestController
@PublicEndpoint
@Tag(name = "Tableau de bord", description = "The national dashboard (HTML, in French)")
class DashboardController {

    private static final Resource PAGE = new ClassPathResource("static/index.html");

    @GetMapping(path = {"/", "/index.html"}, produces = MediaType.TEXT_HTML_VALUE)
    @Operation(summary = "The national dashboard (text/html); its figures come from /api/v1/overview and the live stream")
    ResponseEntity<Resource> dashboard() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_LANGUAGE, "fr")
                .cacheControl(CacheControl.noCache())
                .body(PAGE);
    }
}
