package fr.maillage.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows in the layout of the CGET 2019 file, for tests: a coworking in Nantes unless the values say otherwise. */
public final class CgetRows {

    public static final List<String> HEADER = List.of("ID", "NOM_TL", "ADRESSE", "CP", "COMINIT", "INSEECOM", "NOMCOM",
            "WEB", "TWITTER", "FACEBOOK", "TYPO", "LAT", "LONG", "GEOCOD", "PRECISION", "CONTACT", "MAIL", "METRO",
            "NOMMETRO", "INSEEREG", "NOMREG", "INSEEMETRO", "INSEEDEP", "NOMCOMMETRO", "POPCOM", "COMCLASS", "INSEE_ZE",
            "NOM_ZE", "CLASS_ZE", "POP_ZE");

    private CgetRows() {
    }

    public static String row(Map<String, String> values) {
        Map<String, String> row = new LinkedHashMap<>();
        HEADER.forEach(column -> row.put(column, ""));
        row.putAll(Map.of("NOM_TL", "Tiers-lieu de test", "ADRESSE", "1 rue de la Paix", "CP", "44000",
                "INSEECOM", "44109", "NOMCOM", "Nantes", "COMINIT", "Nantes", "TYPO", "Tiers lieux à dominante coworking"));
        row.putAll(values);
        List<String> fields = new ArrayList<>();
        row.values().forEach(value -> fields.add("\"" + value.replace("\"", "\"\"") + "\""));
        return String.join(",", fields);
    }

    /** A whole file: the header line, then the rows. */
    public static String csv(String... rows) {
        return String.join(",", HEADER) + "\n" + String.join("\n", rows) + "\n";
    }
}
