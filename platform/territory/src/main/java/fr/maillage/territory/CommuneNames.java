package fr.maillage.territory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Comparison key for commune names, tolerant of case, accents, punctuation and Saint abbreviations. */
final class CommuneNames {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

    private CommuneNames() {
    }

    /** "St-Étienne", "SAINT ETIENNE" and "Saint-Étienne" all give "saintetienne". */
    static String key(String name) {
        String lower = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT)
                .replace("œ", "oe")
                .replace("æ", "ae");
        StringBuilder key = new StringBuilder(lower.length());
        for (String word : SEPARATORS.split(lower)) {
            key.append(switch (word) {
                case "st" -> "saint";
                case "ste" -> "sainte";
                default -> word;
            });
        }
        return key.toString();
    }
}
