package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.reporting.domain.ActivityReport;
import fr.maillage.reporting.domain.ActivityView;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.domain.RevisionWalk;
import org.bson.Document;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Activity reports (latest revision of each) and their counters: the national cube and the
 * networks in {@code activity_totals}, each tiers-lieu's months in {@code activity_places}. Public
 * queries read an {@link ActivityView} in memory, refreshed from the counter documents after each
 * batch, and from all of them by {@link #refresh()} (other instances count the other partitions).
 */
public final class ActivityProjection {

    private final RevisionStore<ActivityReport> store;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ActivityView view = ActivityView.empty();
    /** The counter documents as last read, by key: what {@link #refresh()} compares with. */
    private final Map<String, Measures> read = new HashMap<>();

    ActivityProjection(MongoDatabase database, String suffix) {
        this.store = new RevisionStore<>(database.getCollection("activity_reports" + suffix),
                ActivityProjection::toDocument, ActivityProjection::fromDocument,
                Map.of(ActivityReport.TOTALS, database.getCollection("activity_totals" + suffix),
                        ActivityReport.PLACES, database.getCollection("activity_places" + suffix)),
                ActivityReport.COUNTERS);
    }

    void load() {
        refresh();
    }

    /** Reads every counter document again; answers whether the view changed (and tells the listeners). */
    boolean refresh() {
        Map<String, Measures> changed = new HashMap<>();
        synchronized (this) {
            measures(store.allCounters(ActivityReport.TOTALS)).forEach((key, measures) -> {
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
                Map<String, Measures> fresh = measures(store.counters(ActivityReport.TOTALS, totals));
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

    private static Document toDocument(ActivityReport report) {
        return new Document("revision", report.revision()).append("month", report.month())
                .append("category", report.category()).append("region", report.region())
                .append("network", report.networkFabriqueId()).append("thirdPlaceId", report.thirdPlaceId())
                .append("participants", report.participants()).append("hours100", report.hoursHundredths());
    }

    private static ActivityReport fromDocument(Document doc) {
        return new ActivityReport(doc.getString("_id"), ((Number) doc.get("revision")).longValue(),
                doc.getString("month"), doc.getString("category"), doc.getString("region"), doc.getString("network"),
                doc.getString("thirdPlaceId"), ((Number) doc.get("participants")).longValue(),
                ((Number) doc.get("hours100")).longValue());
    }
}
