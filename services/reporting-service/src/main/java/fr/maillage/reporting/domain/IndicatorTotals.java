package fr.maillage.reporting.domain;

import java.util.EnumMap;
import java.util.Map;

/**
 * Monthly indicators summed over the tiers-lieux that published them: how many places sent
 * indicators, and per indicator its sum and how many of them gave it (each is optional).
 */
public record IndicatorTotals(long places, Map<Indicator, Given> given) {

    /** The sum of one indicator (FTE in hundredths, revenue share in basis points) over the places that gave it. */
    public record Given(long sum, long places) {
        static final Given NONE = new Given(0, 0);

        Given plus(Given other) {
            return new Given(sum + other.sum, places + other.places);
        }
    }

    public static final IndicatorTotals ZERO = of(new long[1 + 2 * Indicator.values().length]);

    public IndicatorTotals {
        given = Map.copyOf(given);
    }

    /** From the counters in the order of {@link MonthlyIndicators#COUNTERS}. */
    public static IndicatorTotals of(long[] counters) {
        Map<Indicator, Given> given = new EnumMap<>(Indicator.class);
        for (Indicator indicator : Indicator.values()) {
            int sum = 1 + 2 * indicator.ordinal();
            given.put(indicator, new Given(counters[sum], counters[sum + 1]));
        }
        return new IndicatorTotals(counters[0], given);
    }

    public IndicatorTotals plus(IndicatorTotals other) {
        Map<Indicator, Given> sum = new EnumMap<>(Indicator.class);
        for (Indicator indicator : Indicator.values()) {
            sum.put(indicator, given(indicator).plus(other.given(indicator)));
        }
        return new IndicatorTotals(places + other.places, sum);
    }

    public Given given(Indicator indicator) {
        return given.getOrDefault(indicator, Given.NONE);
    }

    /** How many places gave this indicator. */
    public long placesGiving(Indicator indicator) {
        return given(indicator).places();
    }

    public boolean isZero() {
        return places == 0 && given.values().stream().allMatch(Given.NONE::equals);
    }

    /** The indicator as the API answers it (a sum, FTE in units, the revenue share averaged), or null when no place gave it. */
    public Number value(Indicator indicator) {
        Given figure = given(indicator);
        if (figure.places() == 0) {
            return null;
        }
        return switch (indicator) {
            case STAFF_FTE -> Double.valueOf(figure.sum() / 100.0);
            case OWN_REVENUE_SHARE -> Double.valueOf(Math.round((double) figure.sum() / figure.places()) / 10_000.0);
            default -> Long.valueOf(figure.sum());
        };
    }
}
