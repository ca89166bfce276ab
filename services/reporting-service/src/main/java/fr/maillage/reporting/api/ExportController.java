package fr.maillage.reporting.api;

import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.security.LinkedFile;
import fr.maillage.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

@RestController
@PublicEndpoint
@Tag(name = "Données ouvertes", description = "Open data: the tiers-lieux as CSV and JSON, with their Table Schema")
class ExportController {

    private static final String SCHEMA_PATH = "/api/v1/exports/third-places.schema.json";
    private static final String DESCRIBED_BY = "<" + SCHEMA_PATH + ">; rel=\"describedby\"";

    private final LiveProjections live;
    private final byte[] schema;

    ExportController(LiveProjections live) {
        this.live = live;
        try (InputStream in = ExportController.class.getResourceAsStream(ThirdPlacesExport.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + ThirdPlacesExport.SCHEMA_RESOURCE);
            }
            this.schema = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LinkedFile
    @GetMapping(path = "/api/v1/exports/third-places.csv", produces = "text/csv")
    @Operation(summary = "Every tiers-lieu, ';'-separated UTF-8 CSV (RFC 4180 quoting), columns as in its Table Schema",
            description = "A text starting with =, +, -, @, a tab or a carriage return that is not a number is prefixed "
                    + "with an apostrophe, so that a spreadsheet does not take it for a formula ('@Home, where the JSON "
                    + "export has @Home); the Table Schema says so.")
    void csv(HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"tiers-lieux.csv\"");
        response.setHeader(HttpHeaders.LINK, DESCRIBED_BY);
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        ThirdPlacesExport.writeCsv(live.get().places().places(), out);
        out.flush();
    }

    @LinkedFile
    @GetMapping(path = "/api/v1/exports/third-places.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every tiers-lieu as JSON objects with the same keys and types as the CSV columns",
            description = "The values as the registry holds them: without the apostrophe the CSV puts before a text "
                    + "a spreadsheet would take for a formula.")
    ResponseEntity<List<Map<String, Object>>> json() {
        return ResponseEntity.ok().header(HttpHeaders.LINK, DESCRIBED_BY)
                .body(ThirdPlacesExport.rows(live.get().places().places()));
    }

    @LinkedFile
    @GetMapping(path = "/api/v1/exports/third-places.schema.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The Frictionless Table Schema of the export")
    ResponseEntity<byte[]> schema() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(schema);
    }
}
