package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.reporting.domain.IndicatorTotals;
import fr.maillage.reporting.domain.IndicatorsView;
import fr.maillage.reporting.domain.MonthlyIndicators;
import fr.maillage.reporting.domain.RevisionWalk;
import org.bson.Document;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Monthly indicators (latest revision per tiers-lieu and month) and their totals per month and région. */
public final class IndicatorsProjection {

    private final RevisionStore<MonthlyIndicators> store;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile IndicatorsView view = IndicatorsView.empty();
    /** The totals documents as last read, by key: what {@link #refresh()} compares with. */
    private final Map<String, IndicatorTotals> read = new HashMap<>();

    IndicatorsProjection(MongoDatabase database, String suffix) {
        this.store = new RevisionStore<>(database.getCollection("monthly_indicators" + suffix),
                IndicatorsProjection::toDocument, IndicatorsProjection::fromDocument,
                Map.of(MonthlyIndicators.TOTALS, database.getCollection("monthly_totals" + suffix)),
                MonthlyIndicators.COUNTERS);
    }

    void load() {
        refresh();
    }

    /** Reads every totals document again (other instances count the other partitions). */
    boolean refresh() {
        Map<String, IndicatorTotals> changed = new HashMap<>();
        synchronized (this) {
            totals(store.allCounters(MonthlyIndicators.TOTALS)).forEach((key, totals) -> {
                if (!totals.equals(read.get(key))) {
                    changed.put(key, totals);
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

    public void apply(List<RevisionWalk.Sourced<MonthlyIndicators>> events) {
        Set<String> changed = store.apply(events);
        if (!changed.isEmpty()) {
            List<String> keys = changed.stream().map(key -> key.substring(MonthlyIndicators.TOTALS.length())).toList();
            synchronized (this) { // read and replace under one lock, so a refresh never puts older values back
                Map<String, IndicatorTotals> fresh = totals(store.counters(MonthlyIndicators.TOTALS, keys));
                read.putAll(fresh);
                view = view.with(fresh);
            }
            listeners.forEach(Runnable::run);
        }
    }

    public IndicatorsView view() {
        return view;
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private static Map<String, IndicatorTotals> totals(Map<String, long[]> counters) {
        Map<String, IndicatorTotals> result = new HashMap<>();
        counters.forEach((key, values) -> result.put(key, IndicatorTotals.of(values)));
        return result;
    }

    private static Document toDocument(MonthlyIndicators indicators) {
        return new Document("thirdPlaceId", indicators.thirdPlaceId()).append("month", indicators.month())
                .append("revision", indicators.revision()).append("region", indicators.region())
                .append("members", indicators.members()).append("deskDays", indicators.deskDays())
                .append("staffFte", indicators.staffFte()).append("volunteers", indicators.volunteers())
                .append("ownRevenueShare", indicators.ownRevenueShare());
    }

    private static MonthlyIndicators fromDocument(Document doc) {
        return new MonthlyIndicators(doc.getString("thirdPlaceId"), doc.getString("month"),
                ((Number) doc.get("revision")).longValue(), doc.getString("region"), doc.getInteger("members"),
                doc.getInteger("deskDays"), doc.getDouble("staffFte"), doc.getInteger("volunteers"),
                doc.getDouble("ownRevenueShare"));
    }
}
