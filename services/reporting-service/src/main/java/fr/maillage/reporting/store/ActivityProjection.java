package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.reporting.domain.ActivityReport;
import fr.maillage.reporting.domain.ActivityView;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.domain.RevisionWalk;
import org.bson.BsonDocument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static fr.maillage.reporting.store.BsonFields.int64;
import static fr.maillage.reporting.store.BsonFields.string;

/**
 * Activity reports (latest revision of each) and their counters: the national cube (a document
 * per month) and the networks (a document each) in {@code activity_cube}, each tiers-lieu's months
 * in {@code activity_places}. Public
 * queries read an {@link ActivityView} in memory, refreshed from the counter documents after each
 * batch, and from all of them by {@link #refresh()} (other instances count the other partitions).
 */
public final class ActivityProjection {

    private final RevisionStore<ActivityReport> store;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ActivityView view = ActivityView.empty();
    /** The cells as last read, by view key: what {@link #refresh()} compares with. */
    private final Map<String, Measures> read = new HashMap<>();

    ActivityProjection(MongoDatabase database, String suffix) {
        this.store = new RevisionStore<>(database.getCollection("activity_reports" + suffix, BsonDocument.class),
                ActivityProjection::toDocument, ActivityProjection::fromDocument,
                Map.of(ActivityReport.TOTALS, database.getCollection("activity_cube" + suffix),
                        ActivityReport.PLACES, database.getCollection("activity_places" + suffix)),
                ActivityReport.COUNTERS);
    }

    void load() {
        refresh();
    }

    /** Reads every cell again; answers whether the view changed (and tells the listeners). */
    boolean refresh() {
        Map<String, Measures> changed = new HashMap<>();
        synchronized (this) {
            measures(store.allParts(ActivityReport.TOTALS)).forEach((key, measures) -> {
                if (!measures.equals(read.get(key))) {
                    changed.put(key, measures);
                }
            });
            read.putAll(changed);
            view = view.with(changed);
        }
        if (!changed.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
        return !changed.isEmpty();
    }

    public void apply(List<RevisionWalk.Sourced<ActivityReport>> events) {
        Set<String> changed = store.apply(events);
        List<String> totals = changed.stream().filter(key -> key.startsWith(ActivityReport.TOTALS))
                .map(key -> key.substring(ActivityReport.TOTALS.length())).toList();
        if (!totals.isEmpty()) {
            synchronized (this) { // read and replace under one lock, so a refresh never puts older values back
                Map<String, Measures> fresh = measures(store.partsOf(ActivityReport.TOTALS, totals));
                read.putAll(fresh);
                view = view.with(fresh);
            }
            listeners.forEach(Runnable::run);
        }
    }

    public ActivityView view() {
        return view;
    }

    /** One tiers-lieu's activity per month, read from the store (detail for analysts). */
    public Map<String, Measures> place(String thirdPlaceId) {
        Map<String, Measures> months = new TreeMap<>();
        store.parts(ActivityReport.PLACES, thirdPlaceId).forEach((month, counters) -> {
            Measures measures = Measures.of(counters);
            if (!measures.isZero()) {
                months.put(month, measures);
            }
        });
        return months;
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static Map<String, Measures> measures(Map<String, long[]> counters) {
        Map<String, Measures> result = new HashMap<>();
        counters.forEach((key, values) -> result.put(key, Measures.of(values)));
        return result;
    }

    private static BsonDocument toDocument(ActivityReport report) {
        return new BsonDocument("revision", int64(report.revision())).append("month", string(report.month()))
                .append("category", string(report.category())).append("region", string(report.region()))
                .append("network", string(report.networkFabriqueId())).append("thirdPlaceId", string(report.thirdPlaceId()))
                .append("participants", int64(report.participants())).append("hours100", int64(report.hoursHundredths()));
    }

    private static ActivityReport fromDocument(BsonDocument doc) {
        return new ActivityReport(string(doc, "_id"), int64(doc, "revision"), string(doc, "month"),
                string(doc, "category"), string(doc, "region"), string(doc, "network"), string(doc, "thirdPlaceId"),
                int64(doc, "participants"), int64(doc, "hours100"));
    }
}
