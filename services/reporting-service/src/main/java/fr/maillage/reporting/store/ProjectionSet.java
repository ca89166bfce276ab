package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;

import java.util.List;

/**
 * One generation of every reporting projection, each in its own collections: generation 0 in the
 * plain names ({@code third_places} …), a rebuild {@code n} in {@code <name>_rebuild_<n>}.
 */
public final class ProjectionSet {

    /** The collections of one generation, without suffix. */
    static final List<String> COLLECTIONS = List.of("third_places", "activity_reports", "activity_counters",
            "activity_place_months", "indicator_reports", "indicator_totals", "premises", "funds");

    /**
     * Collections of earlier layouts: a generation that has one must be rebuilt, and is dropped with
     * them. {@code activity_totals}: a document per cube cell; {@code monthly_*}: indicator totals
     * without the count of places that gave each indicator; {@code activity_cube}: networks
     * without the région of each member's activity; {@code activity_places}: a place's months without
     * the région each was counted in.
     */
    static final List<String> EARLIER_LAYOUTS = List.of("activity_totals", "monthly_indicators", "monthly_totals",
            "activity_cube", "activity_places");

    private final int generation;
    private final ThirdPlaceProjection places;
    private final ActivityProjection activity;
    private final IndicatorsProjection indicators;
    private final PartnershipProjection partnership;

    private ProjectionSet(MongoDatabase database, int generation) {
        String suffix = suffix(generation);
        this.generation = generation;
        this.places = new ThirdPlaceProjection(database, suffix);
        this.activity = new ActivityProjection(database, suffix);
        this.indicators = new IndicatorsProjection(database, suffix);
        this.partnership = new PartnershipProjection(database, suffix);
    }

    /** The projections of a generation, loaded with what its collections hold. */
    public static ProjectionSet open(MongoDatabase database, int generation) {
        ProjectionSet set = new ProjectionSet(database, generation);
        set.places.load();
        set.activity.load();
        set.indicators.load();
        set.partnership.load();
        return set;
    }

    /**
     * Reads again what other instances of the service stored: each instance applies only the
     * partitions assigned to it, so its views miss the others' batches until refreshed.
     */
    public boolean refresh() {
        boolean changed = places.refresh();
        changed |= activity.refresh();
        changed |= indicators.refresh();
        changed |= partnership.refresh();
        return changed;
    }

    static String suffix(int generation) {
        return generation == 0 ? "" : "_rebuild_" + generation;
    }

    public int generation() {
        return generation;
    }

    public ThirdPlaceProjection places() {
        return places;
    }

    public ActivityProjection activity() {
        return activity;
    }

    public IndicatorsProjection indicators() {
        return indicators;
    }

    public PartnershipProjection partnership() {
        return partnership;
    }

    /** Called after any projection of this set changed. */
    void onChange(Runnable listener) {
        places.onChange(listener);
        activity.onChange(listener);
        indicators.onChange(listener);
        partnership.onChange(listener);
    }
}
