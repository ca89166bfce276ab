package fr.maillage.registry.domain;

import fr.maillage.registry.CgetRows;
import fr.maillage.territory.Territory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class Cget2019Test {

    private final Territory territory = Territory.load();

    @ParameterizedTest(name = "INSEE code {0} is placed in {1}")
    @CsvSource({
            "44109, 44109",    // today's commune
            "75110, 75056",    // Paris 10e arrondissement
            "69381, 69123",    // Lyon 1er
            "13201, 13055",    // Marseille 1er
            "74011, 74010",    // Annecy-le-Vieux, commune déléguée of Annecy
            "01003, 01165",    // old code of a commune merged since
            "2a004, 2A004"})   // Corsica, whatever the case
    void aRowIsPlacedFromItsInseeCode(String insee, String commune) {
        var reading = read(row(Map.of("ID", "1", "INSEECOM", insee, "CP", "0")));

        assertThat(reading.rejected()).isEmpty();
        assertThat(reading.placed()).singleElement()
                .satisfies(placed -> assertThat(placed.place().commune().code()).isEqualTo(commune));
    }

    @Test
    void withoutAnInseeCodeTheRowIsPlacedByPostalCodeAndCommuneName() {
        var reading = read(row(Map.of("ID", "185", "INSEECOM", "0", "CP", "24550 ", "NOMCOM", "",
                "COMINIT", "Villefranche-du-Périgord")));

        assertThat(reading.placed()).singleElement()
                .satisfies(placed -> assertThat(placed.place().commune().code()).isEqualTo("24585"));
    }

    @Test
    void anUnknownInseeCodeFallsBackOnPostalCodeAndName() {
        var reading = read(row(Map.of("ID", "7", "INSEECOM", "99999", "CP", "19200", "NOMCOM", "Ussel")));

        assertThat(reading.placed()).singleElement()
                .satisfies(placed -> assertThat(placed.place().commune().code()).isEqualTo("19275"));
    }

    @Test
    void theInseeCodeWinsOverThePostalCodeAndName() {
        var reading = read(row(Map.of("ID", "8", "INSEECOM", "44109", "CP", "19200", "NOMCOM", "Ussel")));

        assertThat(reading.placed()).singleElement()
                .satisfies(placed -> assertThat(placed.place().commune().code()).isEqualTo("44109"));
    }

    @Test
    void rowsThatCannotBePlacedAreRejectedWithTheirLineAndReasonNeverGuessed() {
        var reading = read(
                row(Map.of("ID", "26", "INSEECOM", "0", "CP", "0", "NOMCOM", "Moulins", "LAT", "46.56", "LONG", "3.33")),
                row(Map.of("ID", "266", "INSEECOM", "0", "CP", "86073", "NOMCOM", "Poitiers")),
                row(Map.of("ID", "3", "INSEECOM", "99999", "CP", "")),
                row(Map.of("ID", "4", "INSEECOM", "0", "CP", "24550", "NOMCOM", "Besse",
                        "COMINIT", "Villefranche-du-Périgord")),
                row(Map.of("ID", "5", "INSEECOM", "", "CP", "44000", "NOMCOM", "", "COMINIT", "")));

        assertThat(reading.placed()).isEmpty();
        assertThat(reading.rejected()).extracting(Cget2019.Rejected::line, Cget2019.Rejected::sourceId,
                        Cget2019.Rejected::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "26", Cget2019.Reason.NO_LOCATION),
                        org.assertj.core.groups.Tuple.tuple(3, "266", Cget2019.Reason.UNKNOWN_COMMUNE),
                        org.assertj.core.groups.Tuple.tuple(4, "3", Cget2019.Reason.UNKNOWN_COMMUNE),
                        org.assertj.core.groups.Tuple.tuple(5, "4", Cget2019.Reason.AMBIGUOUS_COMMUNE),
                        org.assertj.core.groups.Tuple.tuple(6, "5", Cget2019.Reason.NO_LOCATION));
        assertThat(reading.rejected()).allSatisfy(rejected -> assertThat(rejected.detail()).isNotBlank());
        assertThat(reading.rejected().get(3).detail()).contains("24039").contains("24585");
    }

    /** Rows of the real file (lines 403, 1093, 1175, 1233) with no usable INSEECOM or CP, and the code of their classification; a made-up one. */
    @Test
    void theClassifiedCodePlacesARowOnlyWhenTheRowsCommuneNameConfirmsIt() {
        var reading = read(
                row(Map.of("ID", "402", "INSEECOM", "0", "CP", "0", "COMINIT", "MANOSQUE", "NOMCOM", "Manosque",
                        "INSEEMETRO", "04112")),
                row(Map.of("ID", "1092", "INSEECOM", "0", "CP", "48400", "COMINIT", "Florac", "NOMCOM", "",
                        "INSEEMETRO", "48061")),
                row(Map.of("ID", "1174", "INSEECOM", "0", "CP", "43000", "COMINIT", "Puy-en-Velay", "NOMCOM", "Puy-en-Velay",
                        "INSEEMETRO", "43157")),
                row(Map.of("ID", "1232", "INSEECOM", "0", "CP", "20193", "COMINIT", "Ajaccio", "NOMCOM", "Ajaccio",
                        "INSEEMETRO", "2A004")),
                row(Map.of("ID", "9", "INSEECOM", "0", "CP", "0", "COMINIT", "Nantes", "NOMCOM", "Nantes",
                        "INSEEMETRO", "04112")));

        assertThat(reading.placed()).extracting(placed -> placed.sourceId() + " " + placed.place().commune().code())
                .as("names confirm the code, give or take an article").containsExactly("402 04112", "1174 43157", "1232 2A004");
        // Florac is now part of Florac Trois Rivières, and the geography keeps no name of its own for it
        assertThat(reading.rejected()).extracting(Cget2019.Rejected::sourceId, Cget2019.Rejected::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1092", Cget2019.Reason.UNKNOWN_COMMUNE),
                org.assertj.core.groups.Tuple.tuple("9", Cget2019.Reason.NO_LOCATION));
    }

    @Test
    void aCodeWhoseCommuneTheRowsNamesAndRegionBothContradictIsRejectedNotPlacedElsewhere() {
        var reading = read(
                // the base's line 1461: Sophia Antipolis (Alpes-Maritimes, région 93) coded as a commune of Calvados
                row(Map.of("ID", "1460", "INSEECOM", "14327", "CP", "06560", "COMINIT", "Sophia Antipolis",
                        "NOMCOM", "Sophia Antipolis", "INSEEREG", "93", "INSEEDEP", "06")),
                // an old name in the same région: the code stands
                row(Map.of("ID", "101", "INSEECOM", "93070", "CP", "93400", "COMINIT", "Saint-Ouen",
                        "NOMCOM", "Saint-Ouen", "INSEEREG", "11")),
                // a wrong région column with the code's own name: the code stands
                row(Map.of("ID", "58", "INSEECOM", "44109", "CP", "44000", "NOMCOM", "Nantes", "INSEEREG", "11")),
                // no région given: nothing contradicts the code
                row(Map.of("ID", "59", "INSEECOM", "44109", "CP", "44000", "NOMCOM", "Ussel")),
                // a slip of the code, with a postal code and name that place the row as without a code
                row(Map.of("ID", "60", "INSEECOM", "14327", "CP", "44000", "NOMCOM", "Nantes", "INSEEREG", "52")));

        assertThat(reading.placed()).extracting(placed -> placed.sourceId() + " " + placed.place().commune().code())
                .containsExactly("101 93070", "58 44109", "59 44109", "60 44109");
        assertThat(reading.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.sourceId()).isEqualTo("1460");
            assertThat(rejected.reason()).isEqualTo(Cget2019.Reason.INCONSISTENT_COMMUNE);
            assertThat(rejected.detail()).contains("14327").contains("'Sophia Antipolis'").contains("région 93");
        });
    }

    @Test
    void aCommuneOfAnOverseasCollectivityIsRejectedForItHasNoRegionOfTheNetwork() {
        var reading = read(row(Map.of("ID", "7", "INSEECOM", "98735", "CP", "98714", "NOMCOM", "Papeete")),
                row(Map.of("ID", "8", "INSEECOM", "0", "CP", "97500", "NOMCOM", "Saint-Pierre")));

        assertThat(reading.placed()).isEmpty();
        assertThat(reading.rejected()).extracting(Cget2019.Rejected::reason)
                .containsOnly(Cget2019.Reason.OUTSIDE_DEPARTEMENTS);
        assertThat(reading.rejected().get(0).detail()).contains("Papeete");
    }

    @ParameterizedTest(name = "TYPO ''{0}''")
    @CsvSource(value = {
            "Tiers lieux à dominante coworking | COWORKING",
            "Tiers lieux à dominante fablab | FABLAB",
            "TIERS-LIEUX A DOMINANTE FABLAB | FABLAB",
            "'' | ''"}, delimiter = '|')
    void typologiesComeFromTypo(String typo, String typology) {
        var reading = read(row(Map.of("ID", "1", "TYPO", typo)));

        Set<Typology> expected = typology.isEmpty() ? Set.of() : Set.of(Typology.valueOf(typology));
        assertThat(reading.placed()).singleElement()
                .satisfies(placed -> assertThat(placed.place().typologies()).isEqualTo(expected));
    }

    @Test
    void controlsSeparatorsAndDirectionOverridesInATextBecomeSpaces() {
        var reading = read(row(Map.of("ID", "12", "INSEECOM", "44109", "NOM_TL", "Facture\u202Egnp.exe\u009b2J\u2028Lieu",
                "ADRESSE", "1 rue\u0007 A")));

        assertThat(reading.placed()).singleElement().satisfies(placed -> {
            assertThat(placed.place().name()).isEqualTo("Facture gnp.exe 2J Lieu");
            assertThat(placed.place().address()).isEqualTo("1 rue A");
        });
    }

    @Test
    void anUnknownTypoIsRejectedRatherThanGuessed() {
        var reading = read(row(Map.of("ID", "1", "TYPO", "Tiers lieux à dominante culturelle")));

        assertThat(reading.rejected()).singleElement()
                .satisfies(rejected -> assertThat(rejected.reason()).isEqualTo(Cget2019.Reason.UNKNOWN_TYPOLOGY));
    }

    @Test
    void badRowsAreRejectedEachWithItsReason() {
        String csv = String.join(",", CgetRows.HEADER) + "\n"
                + line(Map.of("ID", "1")) + "\n"
                + line(Map.of("ID", "1", "NOM_TL", "Le même ID")) + "\n"
                + line(Map.of("ID", "../etc", "NOM_TL", "Mauvais ID")) + "\n"
                + line(Map.of("ID", "9", "NOM_TL", "  ")) + "\n"
                + "10,Trop court,,\n"
                + line(Map.of("ID", "11", "NOM_TL", "x".repeat(201))) + "\n";

        var reading = Cget2019.read(csv, territory);

        assertThat(reading.placed()).extracting(Cget2019.Placed::sourceId).containsExactly("1");
        assertThat(reading.rejected()).extracting(Cget2019.Rejected::line, Cget2019.Rejected::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, Cget2019.Reason.DUPLICATE_ID),
                org.assertj.core.groups.Tuple.tuple(4, Cget2019.Reason.INVALID_ID),
                org.assertj.core.groups.Tuple.tuple(5, Cget2019.Reason.MISSING_NAME),
                org.assertj.core.groups.Tuple.tuple(6, Cget2019.Reason.MALFORMED_ROW),
                org.assertj.core.groups.Tuple.tuple(7, Cget2019.Reason.INVALID_NAME));
    }

    @Test
    void aHeaderWithoutTheNeededColumnsIsReportedWithoutReadingRows() {
        var reading = Cget2019.read("ID,NOM,COMMUNE\n1,x,44109\n", territory);

        assertThat(reading.missingColumns()).contains("NOM_TL", "INSEECOM", "CP", "TYPO").doesNotContain("ID");
        assertThat(reading.placed()).isEmpty();
        assertThat(reading.rejected()).isEmpty();
    }

    @Test
    void theIdIsDeterministicFromSourceAndRow() {
        var placed = read(row(Map.of("ID", "1234"))).placed().get(0);

        assertThat(placed.placeId()).isEqualTo("cget-2019-1234");
        assertThat(placed.sourceRef()).isEqualTo("cget-2019:1234");
    }

    @Test
    void contactAndMailAreNotKept() {
        var reading = read(row(Map.of("ID", "1", "CONTACT", "Jeanne Exemple", "MAIL", "jeanne.exemple@example.org")));

        assertThat(reading.placed()).singleElement().satisfies(placed ->
                assertThat(placed.toString()).doesNotContain("Jeanne").doesNotContain("example.org"));
    }

    @Test
    void aNameOfNoBreakSpacesIsEmpty() {
        var reading = read(row(Map.of("ID", "1", "NOM_TL", "\u00a0\u3000")),
                row(Map.of("ID", "2", "NOM_TL", "Le\u00a0Bocal\u00a0")));

        assertThat(reading.rejected()).extracting(Cget2019.Rejected::detail).containsExactly("NOM_TL is empty");
        assertThat(reading.placed().get(0).place().name()).isEqualTo("Le Bocal");
    }

    @Test
    void aNameOfZeroWidthOrOtherFormatCharactersAloneIsEmpty() {
        var reading = read(row(Map.of("ID", "1", "NOM_TL", "\u200B")),
                row(Map.of("ID", "2", "NOM_TL", "\u2060\uFEFF\u200D")),
                row(Map.of("ID", "3", "NOM_TL", "La\u00adCordée")));

        assertThat(reading.rejected()).extracting(Cget2019.Rejected::line, Cget2019.Rejected::detail)
                .containsExactly(tuple(2, "NOM_TL is empty"), tuple(3, "NOM_TL is empty"));
        assertThat(reading.placed()).extracting(placed -> placed.place().name()).containsExactly("La\u00adCordée");
    }

    @Test
    void aMalformedHeaderReadsNoRowInsteadOfSwallowingThemAll() {
        // the header's last name opens a quote it never closes: read to the end, every row would
        // have been part of the header, and the import a success with nothing in it
        var reading = Cget2019.read(String.join(",", Cget2019.COLUMNS) + ",\"NOTE\n1,Lab,,44000,Nantes,44109,Nantes,,,\n",
                territory);

        assertThat(reading.headerProblem()).contains("never closed");
        assertThat(reading.placed()).isEmpty();
        // closed by a quote of a later row: still not a header
        var closedLater = Cget2019.read(String.join(",", Cget2019.COLUMNS) + ",\"NOTE\n1,\"Lab\",,44000,Nantes,44109,Nantes,,,\n",
                territory);
        assertThat(closedLater.headerProblem()).contains("header line runs over 2 lines");
        assertThat(closedLater.placed()).isEmpty();
    }

    @Test
    void textIsCleanedAndCoordinatesKeptOnlyWhenValid() {
        var reading = read(
                row(Map.of("ID", "1", "NOM_TL", "La\nCordée\t ", "ADRESSE", "  ", "LAT", "47.245935", "LONG", "-1.505602")),
                row(Map.of("ID", "2", "LAT", "north", "LONG", "-1.5")),
                row(Map.of("ID", "3", "LAT", "95", "LONG", "2")),
                row(Map.of("ID", "4", "LAT", "0x1p3", "LONG", "1")),
                row(Map.of("ID", "5", "LAT", "47.2", "LONG", "8d")),
                row(Map.of("ID", "6", "LAT", "4.7e1", "LONG", "-1.5")));

        var first = reading.placed().get(0).place();
        assertThat(first.name()).isEqualTo("La Cordée");
        assertThat(first.address()).isNull();
        assertThat(first.latitude()).isEqualTo(47.245935);
        assertThat(first.longitude()).isEqualTo(-1.505602);
        assertThat(reading.placed().get(1).place().latitude()).isNull();
        assertThat(reading.placed().get(1).place().longitude()).isNull();
        assertThat(reading.placed().get(2).place().latitude()).isNull();
        assertThat(reading.placed().subList(3, 6)).as("Java's number forms are not coordinates")
                .allSatisfy(row -> assertThat(row.place().latitude()).isNull());
    }

    private Cget2019.Reading read(String... rows) {
        return Cget2019.read(String.join(",", CgetRows.HEADER) + "\n" + String.join("\n", rows) + "\n", territory);
    }

    private static String row(Map<String, String> values) {
        return CgetRows.row(values);
    }

    private static String line(Map<String, String> values) {
        return CgetRows.row(values);
    }
}
