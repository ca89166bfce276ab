package fr.maillage.territory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * French administrative geography: resolves INSEE commune codes to communes, and answers
 * which commune, EPCI, département and région a commune belongs to.
 *
 * <p>Data: INSEE, Code officiel géographique, via @etalab/decoupage-administratif 6.0.0 —
 * Licence Ouverte 2.0 (see {@code SOURCE.md} next to the data file).
 *
 * <p>Overseas collectivities (Saint-Pierre-et-Miquelon 975, Polynésie française 987, …) are listed
 * by the source as pseudo départements and régions: their names are known, but they are neither
 * départements nor régions, so {@link #exists} and {@link #contains} return false for them.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Territory {

    private static final String DATA_FILE = "territory-data.tsv.gz";
    private static final Pattern WELL_FORMED_CODE = Pattern.compile("^([013-9]\\d|2[AB1-9])\\d{3}$");
    private static final String OVERSEAS_COLLECTIVITY_ZONE = "com";

    private record Area(String name, boolean overseasCollectivity) {
    }

    private final Map<String, Area> regions = new HashMap<>();
    private final Map<String, Area> departements = new HashMap<>();
    private final Map<String, String> regionOfDepartement = new HashMap<>();
    private final Map<String, String> metropoles = new HashMap<>();
    // Commune records are kept as raw data lines and parsed on demand, and the postal code index
    // is only built when first needed: doing all that up front would make loading several times slower.
    private final Map<String, String> communeLines = new HashMap<>(50_000);
    private volatile Map<String, List<String>> communeCodesByPostalCode;
    private final Map<String, String> aliases = new HashMap<>(8_000);
    private final Map<String, List<String>> aliasNames = new HashMap<>(4_000);
    private final Set<String> epcis = new HashSet<>(2_000);
    private final Map<String, String> officialRegions;

    private Territory(String data) {
        int start = 0;
        while (start < data.length()) {
            int end = data.indexOf('\n', start);
            if (end < 0) {
                end = data.length();
            }
            if (end > start && data.charAt(start) != '#') {
                readRecord(data.substring(start, end));
            }
            start = end + 1;
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, Area> region : regions.entrySet()) {
            if (!region.getValue().overseasCollectivity()) {
                sorted.put(region.getKey(), region.getValue().name());
            }
        }
        officialRegions = Collections.unmodifiableSortedMap(sorted);
    }

    /** The territory data bundled with this module, read once and shared. */
    public static Territory load() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        private static final Territory INSTANCE = read();
    }

    static Territory read() {
        InputStream resource = Territory.class.getResourceAsStream(DATA_FILE);
        if (resource == null) {
            throw new IllegalStateException("Missing classpath resource " + DATA_FILE);
        }
        try (InputStream data = new GZIPInputStream(resource, 1 << 16)) {
            return new Territory(new String(data.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DATA_FILE, e);
        }
    }

    /** Whether {@code code} has the shape of an INSEE commune code (it may still be unknown). */
    public boolean isWellFormedCode(String code) {
        return code != null && WELL_FORMED_CODE.matcher(code).matches();
    }

    /**
     * Today's commune for {@code code}: a current code, or an alias of it (old code of a merged
     * commune, commune déléguée or associée, arrondissement municipal of Paris, Lyon, Marseille;
     * not the codes Seine and Seine-et-Oise had before 1968, see {@link #recodedIn1968}).
     */
    public Optional<Commune> resolve(String code) {
        String normalized = normalizeCode(code);
        if (normalized == null) {
            return Optional.empty();
        }
        String line = communeLines.get(normalized);
        if (line == null) {
            line = communeLines.get(aliases.get(normalized));
        }
        return Optional.ofNullable(line).map(this::toCommune);
    }

    /** The commune of a code a user gave, or, when it is none, what to tell them (exactly one is set). */
    public record Given(Commune commune, String problem) {
    }

    /**
     * Checks a commune code given in a request: present, well formed, known (today's commune for an
     * old code), and in a département. {@code inDepartements} ends the refusal of an overseas
     * collectivity's commune, e.g. "premises are offered in the départements".
     */
    public Given given(String code, String inDepartements) {
        if (code == null || code.isBlank()) {
            return new Given(null, "is required (INSEE commune code, e.g. 44109)");
        }
        if (!isWellFormedCode(code.trim().toUpperCase())) {
            String shown = code.length() > 20 ? code.substring(0, 20) + "…" : code;
            return new Given(null, "'" + shown + "' is not an INSEE commune code (5 characters, e.g. 44109, 2A004, 97411)");
        }
        Optional<Commune> commune = resolve(code);
        if (commune.isEmpty()) {
            return new Given(null, "no commune has the INSEE code '" + code + "' in the official geography (COG);"
                    + " a postal code is not an INSEE code (Nantes: postal code 44000, INSEE code 44109; Paris: 75056,"
                    + " its arrondissements 75101 to 75120)");
        }
        if (!inDepartement(commune.get())) {
            // its département and région codes would be none of the 101 and 18 that searches and summaries use
            return new Given(null, "'" + code + "' is " + commune.get().name() + ", in " + commune.get().departementName()
                    + ", an overseas collectivity: " + inDepartements + " (01 to 95, 2A, 2B, 971 to 974, 976)");
        }
        return new Given(commune.get(), null);
    }

    /**
     * The commune serving {@code postalCode} whose name matches {@code name}, ignoring case, accents,
     * punctuation and "St"/"Ste" abbreviations. Names of communes déléguées, associées and
     * arrondissements also match their commune. Empty unless exactly one commune matches.
     */
    public Optional<Commune> resolveByPostalCodeAndName(String postalCode, String name) {
        if (postalCode == null || name == null || name.isBlank()) {
            return Optional.empty();
        }
        List<Commune> candidates = communeCodesByPostalCode().getOrDefault(postalCode.strip(), List.of()).stream()
                .map(code -> toCommune(communeLines.get(code)))
                .toList();
        String key = CommuneNames.key(name);
        List<Commune> byName = candidates.stream()
                .filter(c -> CommuneNames.key(c.name()).equals(key))
                .toList();
        if (byName.isEmpty()) {
            byName = candidates.stream()
                    .filter(c -> aliasNames.getOrDefault(c.code(), List.of()).stream()
                            .anyMatch(alias -> CommuneNames.key(alias).equals(key)))
                    .toList();
        }
        return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
    }

    /**
     * The commune of {@code code} (as {@link #resolve} finds it) if {@code name} is its name, or the
     * name of one of its communes déléguées or associées, give or take a leading article: for a code
     * whose column is not certain to hold the commune's code, the name confirms it.
     */
    public Optional<Commune> resolveByCodeAndName(String code, String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String key = CommuneNames.keyWithoutArticle(name);
        return resolve(code).filter(commune -> CommuneNames.keyWithoutArticle(commune.name()).equals(key)
                || aliasNames.getOrDefault(commune.code(), List.of()).stream()
                        .anyMatch(alias -> CommuneNames.keyWithoutArticle(alias).equals(key)));
    }

    /**
     * Whether {@code code} designates a known territory of that level: for communes, anything
     * {@link #resolve} accepts in a département (an overseas collectivity's commune is outside the
     * network's geography, as its département and région codes are).
     */
    public boolean exists(TerritoryLevel level, String code) {
        Objects.requireNonNull(level, "level");
        String normalized = normalizeCode(code);
        if (normalized == null) {
            return false;
        }
        return switch (level) {
            case COMMUNE -> resolve(normalized).filter(this::inDepartement).isPresent();
            case EPCI -> epcis.contains(normalized);
            case DEPARTEMENT -> isOfficial(departements.get(normalized));
            case REGION -> isOfficial(regions.get(normalized));
        };
    }

    /** The région of a département (of the 101: empty for another code). */
    public Optional<String> regionOfDepartement(String departement) {
        String normalized = normalizeCode(departement);
        return normalized == null || !isOfficial(departements.get(normalized)) ? Optional.empty()
                : Optional.ofNullable(regionOfDepartement.get(normalized));
    }

    /**
     * What is wrong with a search for {@code region} and {@code departement} together, when the
     * département is in another région: such a search finds nothing, and its « 0 » reads as a fact.
     */
    public Optional<String> departementOutsideRegion(String region, String departement) {
        if (region == null || departement == null) {
            return Optional.empty();
        }
        return regionOfDepartement(departement).filter(inRegion -> !inRegion.equals(normalizeCode(region)))
                .map(inRegion -> "is in région " + inRegion + ", not in région " + region
                        + ": give one of the two, or a département of that région");
    }

    /** Whether the commune is in a département (not in an overseas collectivity such as Polynésie française). */
    public boolean inDepartement(Commune commune) {
        return isOfficial(departements.get(commune.departement()));
    }

    /**
     * The code as stored and compared everywhere, for a territory that {@link #exists}: stripped and
     * in capitals, and for a commune today's code (an old code of a merged commune gives the new one).
     */
    public Optional<String> canonicalCode(TerritoryLevel level, String code) {
        if (!exists(level, code)) {
            return Optional.empty();
        }
        return level == TerritoryLevel.COMMUNE ? resolve(code).map(Commune::code) : Optional.of(normalizeCode(code));
    }

    /** Whether {@code commune} lies inside the territory of that level and code. */
    public boolean contains(TerritoryLevel level, String territoryCode, Commune commune) {
        if (commune == null || !exists(level, territoryCode)) {
            return false;
        }
        String normalized = normalizeCode(territoryCode);
        return switch (level) {
            case COMMUNE -> resolve(normalized).map(Commune::code).filter(commune.code()::equals).isPresent();
            case EPCI -> normalized.equals(commune.epciCode());
            case DEPARTEMENT -> normalized.equals(commune.departement());
            case REGION -> normalized.equals(commune.region());
        };
    }

    // The four below check the data set in tests; no service needs them, so they are not public.

    /** Name of a département (or of an overseas collectivity listed as one, e.g. 975). */
    Optional<String> departementName(String code) {
        return Optional.ofNullable(departements.get(normalizeCode(code))).map(Area::name);
    }

    /** Name of a région (or of an overseas collectivity listed as one, e.g. 975). */
    Optional<String> regionName(String code) {
        return Optional.ofNullable(regions.get(normalizeCode(code))).map(Area::name);
    }

    /** The 18 régions (13 metropolitan, 5 overseas), code to name, sorted by code. */
    Map<String, String> regions() {
        return officialRegions;
    }

    /** Number of métropoles (EPCIs of type METRO, plus the Métropole de Lyon). */
    int metropoleCount() {
        return metropoles.size();
    }

    private void readRecord(String line) {
        switch (line.charAt(0)) {
            case 'C' -> addCommune(line);
            case 'A' -> addAlias(line.split("\t", -1));
            case 'R' -> addRegion(line.split("\t", -1));
            case 'D' -> addDepartement(line.split("\t", -1));
            case 'M' -> addMetropole(line.split("\t", -1));
            default -> throw new IllegalStateException("Unknown record in " + DATA_FILE + ": " + line);
        }
    }

    // R code name zone
    private void addRegion(String[] fields) {
        regions.put(fields[1], new Area(fields[2], isOverseasCollectivity(fields[3])));
    }

    // D code name region zone
    private void addDepartement(String[] fields) {
        departements.put(fields[1], new Area(fields[2], isOverseasCollectivity(fields[4])));
        regionOfDepartement.put(fields[1], fields[3]);
    }

    // M siren name
    private void addMetropole(String[] fields) {
        metropoles.put(fields[1], fields[2]);
    }

    // C code name departement region population postalCodes epci
    // Only the code and EPCI are read here; see toCommune for the rest.
    private void addCommune(String line) {
        communeLines.put(line.substring(2, line.indexOf('\t', 2)), line);
        String epci = line.substring(line.lastIndexOf('\t') + 1);
        if (!epci.isEmpty()) {
            epcis.add(epci);
        }
    }

    private Map<String, List<String>> communeCodesByPostalCode() {
        Map<String, List<String>> index = communeCodesByPostalCode;
        if (index == null) {
            // Concurrent first calls may each build the index; they build identical ones.
            index = new HashMap<>(8_000);
            for (Map.Entry<String, String> commune : communeLines.entrySet()) {
                for (String postalCode : postalCodes(commune.getValue())) {
                    index.computeIfAbsent(postalCode, k -> new ArrayList<>(2)).add(commune.getKey());
                }
            }
            communeCodesByPostalCode = index;
        }
        return index;
    }

    // The postal codes are the second last field of a commune line.
    private static List<String> postalCodes(String line) {
        int end = line.lastIndexOf('\t');
        String field = line.substring(line.lastIndexOf('\t', end - 1) + 1, end);
        return field.isEmpty() ? List.of() : List.of(field.split(","));
    }

    private Commune toCommune(String line) {
        String[] fields = line.split("\t", -1);
        String departement = fields[3];
        String region = fields[4];
        int population = Integer.parseInt(fields[5]);
        List<String> postalCodes = postalCodes(line);
        String epci = fields[7].isEmpty() ? null : fields[7];
        String metropole = metropoles.containsKey(epci) ? epci : null;
        return new Commune(fields[1], fields[2],
                departement, requireArea(departements, departement).name(),
                region, requireArea(regions, region).name(),
                metropole, metropoles.get(metropole),
                SizeClass.of(population), population, postalCodes, epci);
    }

    // A code targetCode name (name is empty for old codes)
    private void addAlias(String[] fields) {
        String code = fields[1];
        String target = fields[2];
        if (!communeLines.containsKey(code) && !recodedIn1968(code, target)) {
            aliases.put(code, target);
        }
        if (!fields[3].isEmpty()) {
            aliasNames.computeIfAbsent(target, k -> new ArrayList<>(2)).add(fields[3]);
        }
    }

    /**
     * When Seine and Seine-et-Oise were split in 1968, their communes outside Paris and the Yvelines
     * were given new codes. No data of today uses the old ones, and they are what people type when
     * they give Paris's postal codes for its INSEE code: 75001 was Alfortville's code, not Paris 1er.
     */
    private static boolean recodedIn1968(String code, String target) {
        return code.startsWith("75") && !target.startsWith("75") || code.startsWith("78") && !target.startsWith("78");
    }

    private static Area requireArea(Map<String, Area> areas, String code) {
        Area area = areas.get(code);
        if (area == null) {
            throw new IllegalStateException("Unknown area " + code + " in " + DATA_FILE);
        }
        return area;
    }

    private static boolean isOverseasCollectivity(String zone) {
        return OVERSEAS_COLLECTIVITY_ZONE.equals(zone);
    }

    private static boolean isOfficial(Area area) {
        return area != null && !area.overseasCollectivity();
    }

    private static String normalizeCode(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return code.strip().toUpperCase(Locale.ROOT);
    }
}
