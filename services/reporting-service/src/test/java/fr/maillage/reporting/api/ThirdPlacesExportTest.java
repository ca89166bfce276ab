package fr.maillage.reporting.api;

import fr.maillage.events.registry.ThirdPlaceState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThirdPlacesExportTest {

    @Test
    void everyCsvColumnIsInTheTableSchemaAndEverySchemaFieldIsAColumn() throws Exception {
        JsonNode schema;
        try (InputStream in = ThirdPlacesExportTest.class.getResourceAsStream(ThirdPlacesExport.SCHEMA_RESOURCE)) {
            schema = JsonMapper.builder().build().readTree(in);
        }
        List<String> fields = new ArrayList<>();
        schema.path("fields").forEach(field -> {
            fields.add(field.path("name").asString());
            assertThat(field.path("type").asString()).as("type of %s", field.path("name")).isIn("string", "number",
                    "integer", "date", "boolean");
            assertThat(field.path("description").asString()).as("description of %s", field.path("name")).isNotBlank();
        });

        assertThat(ThirdPlacesExport.header()).containsExactlyElementsOf(fields);
        assertThat(schema.path("primaryKey").get(0).asString()).isEqualTo("id");
        String siret = schema.path("fields").get(fields.indexOf("siret")).path("description").asString();
        assertThat(siret).contains("vide").contains("reporting");
        assertThat(schema.path("description").asString()).as("what escape() quotes")
                .contains("point-virgule, une virgule, un guillemet, un saut de ligne ou un retour chariot");
    }

    @Test
    void cellsWithASeparatorAQuoteOrALineBreakAreQuotedWithTheirQuotesDoubled() {
        assertThat(ThirdPlacesExport.escape("Le Solilab")).isEqualTo("Le Solilab");
        assertThat(ThirdPlacesExport.escape("Lieu; Café")).isEqualTo("\"Lieu; Café\"");
        assertThat(ThirdPlacesExport.escape("La \"Fab\"")).isEqualTo("\"La \"\"Fab\"\"\"");
        assertThat(ThirdPlacesExport.escape("ligne 1\nligne 2")).isEqualTo("\"ligne 1\nligne 2\"");
        assertThat(ThirdPlacesExport.escape("ligne 1\r\nligne 2")).isEqualTo("\"ligne 1\r\nligne 2\"");
        assertThat(ThirdPlacesExport.escape("=HYPERLINK(\"http://evil\";\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\"");
        assertThat(ThirdPlacesExport.escape("+cmd|x")).isEqualTo("'+cmd|x");
        assertThat(ThirdPlacesExport.escape("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ThirdPlacesExport.escape("-1.5536")).as("a negative longitude stays a number").isEqualTo("-1.5536");
        assertThat(ThirdPlacesExport.escape("Lab,=cmd|' /C calc'!A0,x")).as("quoted whole: a reader splitting on commas keeps it one cell")
                .isEqualTo("\"Lab,=cmd|' /C calc'!A0,x\"");
        assertThat(ThirdPlacesExport.line(List.of("a", "b;c", ""))).isEqualTo("a;\"b;c\";\r\n");
    }

    @Test
    void aPlaceBecomesOneRowInUtf8WithEmptyCellsForMissingValues() {
        ThirdPlaceState place = new ThirdPlaceState("tl-1", 3, "Fabrique «Ô» de l'Étang", "op-1", null, null, "2A004",
                "Ajaccio", "2A", "94", null, "FROM_20000_TO_100000", null, null, List.of("FABLAB", "OTHER"), "OPEN",
                null, "QN02A01M", LocalDate.of(2019, 9, 1),
                new ThirdPlaceState.FabriqueLabel("QPV", 1, 2019, 50_000, "LABELLED"), null, 0, 0, Instant.now());
        StringWriter out = new StringWriter();

        ThirdPlacesExport.writeCsv(List.of(place), out);

        String[] lines = out.toString().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).isEqualTo("tl-1;Fabrique «Ô» de l'Étang;2A004;Ajaccio;2A;94;;;;;FABLAB|OTHER;OPEN;;"
                + "QN02A01M;2019-09-01;true;");
    }
}
