package fr.maillage.territory;

/** Administrative levels a territory code can refer to. */
public enum TerritoryLevel {
    /** INSEE commune code, e.g. {@code 44109}. */
    COMMUNE,
    /** EPCI SIREN, e.g. {@code 244400404} (any EPCI type, métropoles included). */
    EPCI,
    /** Département code, e.g. {@code 44}, {@code 2A}, {@code 974}. */
    DEPARTEMENT,
    /** Région code, e.g. {@code 52}, {@code 04}. */
    REGION
}
