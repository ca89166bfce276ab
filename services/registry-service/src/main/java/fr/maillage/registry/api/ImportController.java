package fr.maillage.registry.api;

import fr.maillage.registry.domain.Cget2019;
import fr.maillage.registry.usecase.ImportCget2019;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Imports", description = "Imports of reference bases of tiers-lieux")
class ImportController {

    private final ImportCget2019 importCget2019;

    ImportController(ImportCget2019 importCget2019) {
        this.importCget2019 = importCget2019;
    }

    @PostMapping(consumes = {"text/csv", "application/csv"})
    @Operation(summary = "Import a base of tiers-lieux",
            description = "NATIONAL. format=cget-2019: the CGET 2019 CSV (UTF-8, comma-separated, under 1 MiB) as the "
                    + "body. Each row becomes the tiers-lieu cget-2019-<ID>, so importing again changes nothing; a changed "
                    + "row updates the fields the file gives (name, address, postal code, commune, coordinates, "
                    + "typologies) unless they were changed through the API since, then it is 'kept'. Rows "
                    + "that cannot be placed in a commune are rejected with their line and reason. CONTACT and MAIL "
                    + "(personal data) are not kept.")
    // both required (the document says so); read here so that their absence names the field
    ImportCget2019.Result importBase(Caller caller,
                                     @io.swagger.v3.oas.annotations.Parameter(required = true, example = "cget-2019")
                                     @RequestParam(required = false) String format,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true)
                                     @RequestBody(required = false) byte[] body) {
        caller.requireAny(Role.NATIONAL);
        if (format == null || format.isBlank()) {
            throw ApiException.invalidField("format", "is required: format=" + Cget2019.SOURCE);
        }
        if (!Cget2019.SOURCE.equals(format)) {
            throw ApiException.invalidField("format", "must be " + Cget2019.SOURCE + " (the only base known so far)");
        }
        if (body == null || body.length == 0) {
            throw ApiException.invalidField("body", "is empty: send the CSV file as the request body");
        }
        return importCget2019.run(new ImportCget2019.Command(utf8(body)));
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalidField("body", "is not UTF-8 text: save the CSV as UTF-8 and send it again");
        }
    }
}
