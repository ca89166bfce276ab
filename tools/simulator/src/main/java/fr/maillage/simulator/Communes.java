package fr.maillage.simulator;

import java.util.List;
import java.util.SplittableRandom;

/** Real communes (INSEE codes) of every région, towns and villages, where the simulated places are. */
final class Communes {

    record Commune(String code, String name, String region) {
    }

    static final List<Commune> ALL = List.of(
            new Commune("75056", "Paris", "11"), new Commune("93066", "Saint-Denis", "11"),
            new Commune("95127", "Cergy", "11"), new Commune("77173", "Étrépilly", "11"),
            new Commune("77328", "Nanteau-sur-Essonne", "11"),
            new Commune("37261", "Tours", "24"), new Commune("18033", "Bourges", "24"),
            new Commune("36044", "Châteauroux", "24"), new Commune("18023", "Baugy", "24"),
            new Commune("28084", "Chartainvilliers", "24"),
            new Commune("21231", "Dijon", "27"), new Commune("58194", "Nevers", "27"),
            new Commune("39198", "Dole", "27"), new Commune("21353", "Longecourt-en-Plaine", "27"),
            new Commune("21656", "Varanges", "27"),
            new Commune("14118", "Caen", "28"), new Commune("50129", "Cherbourg-en-Cotentin", "28"),
            new Commune("61001", "Alençon", "28"), new Commune("14030", "Authie", "28"),
            new Commune("14303", "Glos", "28"),
            new Commune("59350", "Lille", "32"), new Commune("62041", "Arras", "32"),
            new Commune("02691", "Saint-Quentin", "32"), new Commune("02239", "Crézancy", "32"),
            new Commune("02477", "Mercin-et-Vaux", "32"),
            new Commune("67482", "Strasbourg", "44"), new Commune("51454", "Reims", "44"),
            new Commune("88160", "Épinal", "44"), new Commune("08039", "Avaux", "44"),
            new Commune("10191", "Lavau", "44"),
            new Commune("44109", "Nantes", "52"), new Commune("53130", "Laval", "52"),
            new Commune("85191", "La Roche-sur-Yon", "52"), new Commune("44032", "La Chapelle-Heulin", "52"),
            new Commune("49334", "Sermaise", "52"),
            new Commune("35238", "Rennes", "53"), new Commune("22113", "Lannion", "53"),
            new Commune("56121", "Lorient", "53"), new Commune("22019", "Bringolo", "53"),
            new Commune("22305", "Saint-Jouan-de-l'Isle", "53"),
            new Commune("33063", "Bordeaux", "75"), new Commune("23096", "Guéret", "75"),
            new Commune("19272", "Tulle", "75"), new Commune("16020", "Aubeterre-sur-Dronne", "75"),
            new Commune("16408", "Villebois-Lavalette", "75"),
            new Commune("31555", "Toulouse", "76"), new Commune("12202", "Rodez", "76"),
            new Commune("48095", "Mende", "76"), new Commune("11018", "Arzens", "76"),
            new Commune("09050", "Benagues", "76"),
            new Commune("69123", "Lyon", "84"), new Commune("15014", "Aurillac", "84"),
            new Commune("07186", "Privas", "84"), new Commune("01022", "Artemare", "84"),
            new Commune("01348", "Saint-Didier-sur-Chalaronne", "84"),
            new Commune("13055", "Marseille", "93"), new Commune("04070", "Digne-les-Bains", "93"),
            new Commune("05061", "Gap", "93"), new Commune("04036", "Le Brusquet", "93"),
            new Commune("06078", "Malaussène", "93"),
            new Commune("2A004", "Ajaccio", "94"), new Commune("2B033", "Bastia", "94"),
            new Commune("2A092", "Conca", "94"),
            new Commune("97105", "Basse-Terre", "01"), new Commune("97209", "Fort-de-France", "02"),
            new Commune("97302", "Cayenne", "03"), new Commune("97411", "Saint-Denis", "04"),
            new Commune("97611", "Mamoudzou", "06"));

    private Communes() {
    }

    /** A commune of a région taken in turn, so that N publishers spread over every région. */
    static Commune forPublisher(int index, SplittableRandom random) {
        List<String> regions = ALL.stream().map(Commune::region).distinct().toList();
        String region = regions.get(index % regions.size());
        return inRegion(region, random);
    }

    static Commune inRegion(String region, SplittableRandom random) {
        List<Commune> candidates = ALL.stream().filter(commune -> commune.region().equals(region)).toList();
        return candidates.get(random.nextInt(candidates.size()));
    }
}
