package fr.maillage.reporting.domain;

/** Activity counted in one cell: reports, participants, and hours in hundredths (summed exactly). */
public record Measures(long reports, long participants, long hoursHundredths) {

    public static final Measures ZERO = new Measures(0, 0, 0);

    public static Measures of(long[] counters) {
        return new Measures(counters[0], counters[1], counters[2]);
    }

    public Measures plus(Measures other) {
        return new Measures(reports + other.reports, participants + other.participants,
                hoursHundredths + other.hoursHundredths);
    }

    public boolean isZero() {
        return reports == 0 && participants == 0 && hoursHundredths == 0;
    }

    public double hours() {
        return hoursHundredths / 100.0;
    }
}
