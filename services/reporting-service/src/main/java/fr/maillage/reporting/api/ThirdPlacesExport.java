package fr.maillage.reporting.api;

import fr.maillage.events.registry.ThirdPlaceState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The open-data table of tiers-lieux: columns named as in the French open-data schemas, described
 * by {@code third-places.schema.json} (a Frictionless Table Schema), written as {@code ;}-separated
 * UTF-8 CSV (RFC 4180 quoting) or as JSON objects with the same keys.
 */
final class ThirdPlacesExport {

    static final String SCHEMA_RESOURCE = "/opendata/third-places.schema.json";

    private record Column(String name, Function<ThirdPlaceState, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("id", ThirdPlaceState::thirdPlaceId),
            new Column("nom", ThirdPlaceState::name),
            new Column("code_insee", ThirdPlaceState::communeCode),
            new Column("commune", ThirdPlaceState::communeName),
            new Column("code_departement", ThirdPlaceState::departement),
            new Column("code_region", ThirdPlaceState::region),
            new Column("adresse", ThirdPlaceState::address),
            new Column("code_postal", ThirdPlaceState::postalCode),
            new Column("latitude", ThirdPlaceState::latitude),
            new Column("longitude", ThirdPlaceState::longitude),
            new Column("typologies", place -> place.typologies().isEmpty() ? null : String.join("|", place.typologies())),
            new Column("statut", ThirdPlaceState::status),
            new Column("surface_m2", ThirdPlaceState::surfaceM2),
            new Column("code_qpv", ThirdPlaceState::qpvCode),
            new Column("date_ouverture", place -> place.openedOn() == null ? null : place.openedOn().toString()),
            new Column("fabrique_territoire", ThirdPlaceState::fabriqueInForce),
            // reporting never learns the operators' SIRET: the column is kept for the schema, empty
            new Column("siret", place -> null));

    private ThirdPlacesExport() {
    }

    static List<String> header() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    static List<ThirdPlaceState> sorted(Collection<ThirdPlaceState> places) {
        List<ThirdPlaceState> rows = new ArrayList<>(places);
        rows.sort(Comparator.comparing(ThirdPlaceState::thirdPlaceId));
        return rows;
    }

    static void writeCsv(Collection<ThirdPlaceState> places, Writer out) {
        try {
            out.write(line(header()));
            for (ThirdPlaceState place : sorted(places)) {
                List<String> cells = new ArrayList<>(COLUMNS.size());
                for (Column column : COLUMNS) {
                    Object value = column.value().apply(place);
                    cells.add(value == null ? "" : value.toString());
                }
                out.write(line(cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> rows(Collection<ThirdPlaceState> places) {
        List<Map<String, Object>> rows = new ArrayList<>(places.size());
        for (ThirdPlaceState place : sorted(places)) {
            Map<String, Object> row = new LinkedHashMap<>();
            COLUMNS.forEach(column -> row.put(column.name(), column.value().apply(place)));
            rows.add(row);
        }
        return rows;
    }

    static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(';');
            }
            line.append(escape(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /**
     * Quotes a cell holding the separator, a comma, a quote or a line break, doubling its quotes (a
     * comma too: a spreadsheet that splits on commas would otherwise start a cell inside it, and
     * the guard below look at the wrong first character); and a text
     * a spreadsheet would take for a formula ("=HYPERLINK(…)", "+cmd|…") starts with an apostrophe,
     * as OWASP advises for CSV files opened in spreadsheets (a number such as -1.55 is left as it is).
     */
    static String escape(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !isNumber(cell)) {
            cell = "'" + cell;
        }
        if (cell.indexOf(';') < 0 && cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return !cell.contains("Infinity") && !cell.contains("NaN");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
