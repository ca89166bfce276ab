package fr.maillage.registry.domain;

import fr.maillage.territory.Commune;
import fr.maillage.territory.Territory;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The CGET 2019 base of tiers-lieux (Mission Coworking; « CGET / ANCT — base Mission Coworking
 * 2019 », Licence Ouverte 2.0), row by row. A row is placed from its INSEE code (today's commune,
 * also for an arrondissement, a delegated or associated commune or an old code) unless the row's
 * names and région both contradict it, or else from its postal code and commune name, or else from
 * its INSEEMETRO when the row's commune name confirms it; a row that cannot be placed is rejected
 * with its reason, never guessed. CONTACT and MAIL name people: they are not read.
 */
public final class Cget2019 {

    public static final String SOURCE = "cget-2019";
    /** The ids of the places the import makes: {@code cget-2019-<ID>}. */
    public static final String ID_PREFIX = SOURCE + "-";
    public static final List<String> COLUMNS = List.of("ID", "NOM_TL", "ADRESSE", "CP", "COMINIT", "INSEECOM",
            "NOMCOM", "TYPO", "LAT", "LONG");
    /**
     * Read when present: the commune's code in the base's urban classification. It fills in wherever
     * the row is not placed otherwise (no code, an unknown or a contradicted one, no postal code and
     * name that place it), and is taken only when the row's commune name confirms it.
     */
    static final String CLASSIFIED_CODE = "INSEEMETRO";
    /** The région the row gives (optional): it checks a commune code whose names disagree. */
    static final String REGION_SAID = "INSEEREG";

    private static final Pattern ROW_ID = Pattern.compile("^[A-Za-z0-9_-]{1,40}$");
    private static final Pattern POSTAL_CODE = Pattern.compile("^[0-9]{5}$");
    /** What the API's text fields refuse (platform/security's TextPatterns): controls, separators, direction overrides. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cs}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");
    /** Spaces of every kind (the no-break space too): a name of spaces alone is empty. */
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+");
    private static final Pattern DECIMAL_DEGREES = Pattern.compile("-?\\d{1,3}(\\.\\d+)?");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final int MAX_NAME = 200;
    private static final int MAX_ADDRESS = 300;

    private Cget2019() {
    }

    /** Whether {@code id} is in the namespace of the import's places. */
    public static boolean ownsId(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** Why a row was rejected; the label is what reports count rows by. */
    public enum Reason {
        MALFORMED_ROW("malformed row"),
        INVALID_ID("invalid ID"),
        DUPLICATE_ID("duplicate ID"),
        MISSING_NAME("missing name"),
        INVALID_NAME("invalid name"),
        INVALID_ADDRESS("invalid address"),
        UNKNOWN_TYPOLOGY("unknown typology"),
        NO_LOCATION("no commune given"),
        UNKNOWN_COMMUNE("unknown commune"),
        AMBIGUOUS_COMMUNE("ambiguous commune"),
        OUTSIDE_DEPARTEMENTS("outside the départements"),
        INCONSISTENT_COMMUNE("inconsistent commune");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What a placed row says about its tiers-lieu. */
    public record Place(String name, String address, String postalCode, CommuneRef commune, Double latitude,
                        Double longitude, Set<Typology> typologies) {
        public Place {
            typologies = Set.copyOf(typologies);
        }
    }

    public sealed interface Row {
        int line();

        String sourceId();
    }

    public record Placed(int line, String sourceId, Place place) implements Row {
        /** Deterministic, so that importing the same file again finds the same places. */
        public String placeId() {
            return ID_PREFIX + sourceId;
        }

        public String sourceRef() {
            return SOURCE + ":" + sourceId;
        }
    }

    public record Rejected(int line, String sourceId, Reason reason, String detail) implements Row {
    }

    /**
     * The rows of a file; or, when its header line is malformed or lacks required columns, why
     * (then no row is read).
     */
    public record Reading(String headerProblem, List<String> missingColumns, List<Placed> placed, List<Rejected> rejected) {
        public Reading {
            missingColumns = List.copyOf(missingColumns);
            placed = List.copyOf(placed);
            rejected = List.copyOf(rejected);
        }
    }

    public static Reading read(String csv, Territory territory) {
        List<Csv.Record> records = Csv.parse(csv);
        if (records.isEmpty()) {
            return new Reading(null, COLUMNS, List.of(), List.of());
        }
        if (records.get(0).problem() != null) {
            return new Reading(records.get(0).problem(), List.of(), List.of(), List.of());
        }
        Map<String, Integer> columns = new HashMap<>();
        List<String> header = records.get(0).fields();
        for (int i = 0; i < header.size(); i++) {
            columns.putIfAbsent(header.get(i).strip().toUpperCase(Locale.ROOT), i);
        }
        List<String> missing = COLUMNS.stream().filter(column -> !columns.containsKey(column)).toList();
        if (!missing.isEmpty()) {
            return new Reading(null, missing, List.of(), List.of());
        }
        List<Placed> placed = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<String, Integer> firstLineById = new HashMap<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            Row row = row(record, header.size(), columns, territory, firstLineById);
            if (row instanceof Placed p) {
                placed.add(p);
            } else {
                rejected.add((Rejected) row);
            }
        }
        return new Reading(null, List.of(), placed, rejected);
    }

    private static Row row(Csv.Record record, int width, Map<String, Integer> columns, Territory territory,
                           Map<String, Integer> firstLineById) {
        int line = record.line();
        if (record.problem() != null) {
            return new Rejected(line, null, Reason.MALFORMED_ROW, record.problem());
        }
        if (record.fields().size() != width) {
            return new Rejected(line, null, Reason.MALFORMED_ROW,
                    "expected " + width + " fields, found " + record.fields().size());
        }
        Map<String, String> value = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            value.put(column, record.fields().get(columns.get(column)).strip());
        }
        Integer classified = columns.get(CLASSIFIED_CODE);
        String classifiedCode = classified == null ? "" : record.fields().get(classified).strip().toUpperCase(Locale.ROOT);
        Integer regionColumn = columns.get(REGION_SAID);
        String regionSaid = regionColumn == null ? "" : record.fields().get(regionColumn).strip();
        String id = value.get("ID");
        if (!ROW_ID.matcher(id).matches()) {
            return new Rejected(line, null, Reason.INVALID_ID,
                    "ID must be 1 to 40 letters, digits, '-' or '_'");
        }
        Integer firstLine = firstLineById.putIfAbsent(id, line);
        if (firstLine != null) {
            return new Rejected(line, id, Reason.DUPLICATE_ID, "ID " + id + " was already on line " + firstLine);
        }
        String name = clean(value.get("NOM_TL"));
        if (name.codePoints().noneMatch(Cget2019::visible)) {
            return new Rejected(line, id, Reason.MISSING_NAME, "NOM_TL is empty");
        }
        if (name.length() > MAX_NAME) {
            return new Rejected(line, id, Reason.INVALID_NAME, "NOM_TL is longer than " + MAX_NAME + " characters");
        }
        String address = clean(value.get("ADRESSE"));
        if (address.length() > MAX_ADDRESS) {
            return new Rejected(line, id, Reason.INVALID_ADDRESS,
                    "ADRESSE is longer than " + MAX_ADDRESS + " characters");
        }
        Optional<Set<Typology>> typologies = typologies(value.get("TYPO"));
        if (typologies.isEmpty()) {
            return new Rejected(line, id, Reason.UNKNOWN_TYPOLOGY, "TYPO '" + abbreviate(clean(value.get("TYPO")))
                    + "' is neither « Tiers lieux à dominante coworking » nor « Tiers lieux à dominante fablab » (or empty)");
        }
        String postalCode = POSTAL_CODE.matcher(value.get("CP")).matches() && !value.get("CP").equals("00000")
                ? value.get("CP") : null;
        Placement placement = place(value.get("INSEECOM").toUpperCase(Locale.ROOT), postalCode, classifiedCode,
                List.of(clean(value.get("NOMCOM")), clean(value.get("COMINIT"))), regionSaid, territory);
        if (placement.commune() == null) {
            return new Rejected(line, id, placement.reason(), placement.detail());
        }
        Double latitude = coordinate(value.get("LAT"), 90);
        Double longitude = coordinate(value.get("LONG"), 180);
        boolean coordinates = latitude != null && longitude != null && (latitude != 0 || longitude != 0);
        return new Placed(line, id, new Place(name, address.isEmpty() ? null : address, postalCode,
                CommuneRef.of(placement.commune()), coordinates ? latitude : null, coordinates ? longitude : null,
                typologies.get()));
    }

    private record Placement(Commune commune, Reason reason, String detail) {
    }

    /** The commune of a row, which must be in a département: an overseas collectivity has no région of the network. */
    private static Placement place(String inseeCode, String postalCode, String classifiedCode, List<String> names,
                                   String regionSaid, Territory territory) {
        Placement placement = commune(inseeCode, postalCode, names, regionSaid, territory);
        if (placement.commune() == null && territory.isWellFormedCode(classifiedCode)) {
            Optional<Commune> confirmed = names.stream().filter(name -> !name.isEmpty())
                    .map(name -> territory.resolveByCodeAndName(classifiedCode, name)).flatMap(Optional::stream)
                    .findFirst();
            if (confirmed.isPresent()) {
                placement = new Placement(confirmed.get(), null, null);
            }
        }
        if (placement.commune() != null && !territory.inDepartement(placement.commune())) {
            return new Placement(null, Reason.OUTSIDE_DEPARTEMENTS, placement.commune().code() + " "
                    + placement.commune().name() + " is in " + placement.commune().departementName()
                    + ", an overseas collectivity");
        }
        return placement;
    }

    private static Placement commune(String inseeCode, String postalCode, List<String> names, String regionSaid,
                                     Territory territory) {
        boolean hasCode = !inseeCode.isEmpty() && !inseeCode.equals("0");
        String codeSaid = hasCode ? "INSEE code '" + abbreviate(inseeCode) + "' is unknown" : "no INSEE code";
        Reason codeReason = hasCode ? Reason.UNKNOWN_COMMUNE : Reason.NO_LOCATION;
        if (hasCode && territory.isWellFormedCode(inseeCode)) {
            Optional<Commune> byCode = territory.resolve(inseeCode);
            if (byCode.isPresent() && !contradicted(inseeCode, byCode.get(), names, regionSaid, territory)) {
                return new Placement(byCode.get(), null, null);
            }
            if (byCode.isPresent()) {
                // the code is a slip: the row is placed as one without a code would be, or rejected for it
                codeReason = Reason.INCONSISTENT_COMMUNE;
                codeSaid = "INSEE code " + inseeCode + " is " + byCode.get().name() + " (région " + byCode.get().region()
                        + "), but the row names " + names.stream().filter(n -> !n.isEmpty()).map(n -> "'" + abbreviate(n)
                        + "'").distinct().collect(Collectors.joining(" / ")) + " in région " + abbreviate(regionSaid);
            }
        }
        Set<String> givenNames = new LinkedHashSet<>(names.stream().filter(n -> !n.isEmpty()).toList());
        if (postalCode == null || givenNames.isEmpty()) {
            String missing = postalCode == null ? "no usable postal code" : "no commune name";
            return new Placement(null, codeReason, codeSaid + ", " + missing);
        }
        Map<String, Commune> found = new LinkedHashMap<>();
        for (String name : givenNames) {
            territory.resolveByPostalCodeAndName(postalCode, name).ifPresent(c -> found.putIfAbsent(c.code(), c));
        }
        String asked = "postal code " + postalCode + " with " + String.join(" / ", givenNames.stream()
                .map(n -> "'" + abbreviate(n) + "'").toList());
        if (found.size() == 1) {
            return new Placement(found.values().iterator().next(), null, null);
        }
        if (found.isEmpty()) {
            return new Placement(null, codeReason == Reason.INCONSISTENT_COMMUNE ? codeReason : Reason.UNKNOWN_COMMUNE,
                    codeSaid + ", and no single commune has the " + asked);
        }
        return new Placement(null, codeReason == Reason.INCONSISTENT_COMMUNE ? codeReason : Reason.AMBIGUOUS_COMMUNE,
                codeSaid + ", and the " + asked
                + " designate different communes (" + String.join(", ", found.keySet()) + ")");
    }

    /**
     * Whether the row says the code's commune is not its own: none of the names it gives is that
     * commune's (or one of its former communes'), and the région it gives is another. Either alone
     * is common in the base (an old name, a wrong département column) and the code is then right;
     * both at once, the code is a slip (a place of Sophia Antipolis coded as a commune of Calvados),
     * which would count the place in another région, 800 km from its own coordinates.
     */
    private static boolean contradicted(String inseeCode, Commune byCode, List<String> names, String regionSaid,
                                        Territory territory) {
        List<String> given = names.stream().filter(name -> !name.isEmpty()).toList();
        if (given.isEmpty() || regionSaid.isEmpty() || regionSaid.equals(byCode.region())) {
            return false;
        }
        return given.stream().noneMatch(name -> territory.resolveByCodeAndName(inseeCode, name).isPresent());
    }

    /** « Tiers lieux à dominante coworking » → COWORKING, « … fablab » → FABLAB, empty → none. */
    private static Optional<Set<Typology>> typologies(String typo) {
        String key = NON_ALNUM.matcher(MARKS.matcher(Normalizer.normalize(typo, Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return switch (key) {
            case "" -> Optional.of(Set.of());
            case "tiers lieux a dominante coworking" -> Optional.of(Set.of(Typology.COWORKING));
            case "tiers lieux a dominante fablab" -> Optional.of(Set.of(Typology.FABLAB));
            default -> Optional.empty();
        };
    }

    /** Decimal degrees as the base writes them: Java's other number forms (0x1p3, 8d, 1e1) are not coordinates. */
    private static Double coordinate(String text, double limit) {
        if (text == null || !DECIMAL_DEGREES.matcher(text).matches()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) && Math.abs(value) <= limit ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Control characters (line breaks inside quoted fields too) become spaces; runs of spaces one. */
    private static String clean(String text) {
        return SPACES.matcher(CONTROL.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
    }

    /**
     * The API's rule for a name (platform/security's VisibleTextValidator): a name of zero-width
     * or other format characters alone showed as nothing on the dashboard and in the exports.
     */
    private static boolean visible(int codePoint) {
        int type = Character.getType(codePoint);
        return !Character.isWhitespace(codePoint) && !Character.isSpaceChar(codePoint)
                && type != Character.FORMAT && type != Character.CONTROL;
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
