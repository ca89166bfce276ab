package fr.maillage.territory;

/**
 * The région and département codes a query may filter by, as patterns for {@code @Pattern}: the
 * codes that exist, not only their shape, so that a code of a former région (82, Rhône-Alpes) or
 * of no département (20) is a 400 naming the parameter rather than a silently empty answer.
 */
public final class TerritoryCodes {

    /** The 18 régions since 2016: 13 in metropolitan France, 5 overseas. */
    public static final String REGION = "^(0[1-46]|11|2[478]|32|44|5[23]|7[56]|84|9[34])$";
    public static final String REGION_MESSAGE = "must be the INSEE code of a région (01, 02, 03, 04, 06, 11, 24, 27, "
            + "28, 32, 44, 52, 53, 75, 76, 84, 93, 94)";
    /** 01 to 95 without 20 (Corsica is 2A and 2B), and the five overseas départements. */
    public static final String DEPARTEMENT = "^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-46])$";
    public static final String DEPARTEMENT_MESSAGE = "must be the code of a département (01 to 95 with 2A and 2B for "
            + "20, or 971, 972, 973, 974, 976)";

    private TerritoryCodes() {
    }
}
