package fr.maillage.reporting.domain;

/** Which activity to count: months from and to (inclusive, "YYYY-MM"), région and category; null means any. */
public record ActivityFilter(String from, String to, String region, String category) {

    public static final ActivityFilter ALL = new ActivityFilter(null, null, null, null);

    public boolean coversMonth(String month) {
        return (from == null || month.compareTo(from) >= 0) && (to == null || month.compareTo(to) <= 0);
    }

    public boolean matches(String month, String category, String region) {
        return coversMonth(month) && (this.region == null || this.region.equals(region))
                && (this.category == null || this.category.equals(category));
    }
}
