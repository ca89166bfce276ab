package fr.maillage.territory;

/** Size class of a commune by population (INSEE municipal population). */
public enum SizeClass {
    UNDER_3500("moins de 3 500 habitants"),
    FROM_3500_TO_20000("petites villes (3 500 à 20 000)"),
    FROM_20000_TO_100000("villes moyennes (20 000 à 100 000)"),
    FROM_100000("100 000 habitants et plus");

    private final String label;

    SizeClass(String label) {
        this.label = label;
    }

    /** Lower bounds are inclusive: 3 500 inhabitants is {@link #FROM_3500_TO_20000}. */
    public static SizeClass of(int population) {
        if (population < 3_500) {
            return UNDER_3500;
        }
        if (population < 20_000) {
            return FROM_3500_TO_20000;
        }
        if (population < 100_000) {
            return FROM_20000_TO_100000;
        }
        return FROM_100000;
    }

    /** French label, for display. */
    public String label() {
        return label;
    }
}
