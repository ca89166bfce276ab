package fr.maillage.territory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
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
        return String.join("", words(name));
    }

    /** The same without a leading article: "Le Puy-en-Velay" and "Puy-en-Velay" both give "puyenvelay". */
    static String keyWithoutArticle(String name) {
        List<String> words = words(name);
        boolean article = words.size() > 1 && List.of("le", "la", "les", "l").contains(words.get(0));
        return String.join("", article ? words.subList(1, words.size()) : words);
    }

    private static List<String> words(String name) {
        String lower = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT)
                .replace("œ", "oe")
                .replace("æ", "ae");
        List<String> words = new ArrayList<>();
        for (String word : SEPARATORS.split(lower)) {
            if (!word.isEmpty()) {
                words.add(switch (word) {
                    case "st" -> "saint";
                    case "ste" -> "sainte";
                    default -> word;
                });
            }
        }
        return words;
    }
}
