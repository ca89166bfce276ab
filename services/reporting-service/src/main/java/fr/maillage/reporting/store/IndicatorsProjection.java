package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.reporting.domain.IndicatorTotals;
import fr.maillage.reporting.domain.IndicatorsView;
import fr.maillage.reporting.domain.MonthlyIndicators;
import fr.maillage.reporting.domain.RevisionWalk;
import org.bson.BsonDocument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static fr.maillage.reporting.store.BsonFields.decimal;
import static fr.maillage.reporting.store.BsonFields.int32;
import static fr.maillage.reporting.store.BsonFields.int64;
import static fr.maillage.reporting.store.BsonFields.string;

/** Monthly indicators (latest revision per tiers-lieu and month) and their totals per month and région. */
public final class IndicatorsProjection {

    private final RevisionStore<MonthlyIndicators> store;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile IndicatorsView view = IndicatorsView.empty();
    /** The totals documents as last read, by key: what {@link #refresh()} compares with. */
    private final Map<String, IndicatorTotals> read = new HashMap<>();
    /**
     * Whether a batch failed after it may have written some totals: its retry skips those (already
     * counted) and reads back only the others, so every totals document must be read again.
     */
    private volatile boolean stale;

    IndicatorsProjection(MongoDatabase database, String suffix) {
        this.store = new RevisionStore<>(database.getCollection("indicator_reports" + suffix, BsonDocument.class),
                IndicatorsProjection::toDocument, IndicatorsProjection::fromDocument,
                Map.of(MonthlyIndicators.TOTALS, database.getCollection("indicator_totals" + suffix)),
                MonthlyIndicators.COUNTERS);
    }

    void load() {
        refresh();
    }

    /** Reads every totals document again (other instances count the other partitions). */
    boolean refresh() {
        Map<String, IndicatorTotals> changed = new HashMap<>();
        synchronized (this) {
            Map<String, IndicatorTotals> all = totals(store.allCounters(MonthlyIndicators.TOTALS));
            stale = false; // only once read: a refresh that fails (the store still down) must be made again
            all.forEach((key, totals) -> {
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
        if (stale) {
            refresh();
        }
        Set<String> changed;
        try {
            changed = store.apply(events).keySet();
            if (!changed.isEmpty()) {
                List<String> keys = changed.stream().map(key -> key.substring(MonthlyIndicators.TOTALS.length()))
                        .toList();
                synchronized (this) { // read and replace under one lock, so a refresh never puts older values back
                    Map<String, IndicatorTotals> fresh = totals(store.counters(MonthlyIndicators.TOTALS, keys));
                    read.putAll(fresh);
                    view = view.with(fresh);
                }
            }
        } catch (RuntimeException e) {
            stale = true;
            throw e;
        }
        if (!changed.isEmpty()) {
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

    private static BsonDocument toDocument(MonthlyIndicators indicators) {
        return new BsonDocument("thirdPlaceId", string(indicators.thirdPlaceId())).append("month", string(indicators.month()))
                .append("revision", int64(indicators.revision())).append("region", string(indicators.region()))
                .append("members", int32(indicators.members())).append("deskDays", int32(indicators.deskDays()))
                .append("staffFte", decimal(indicators.staffFte())).append("volunteers", int32(indicators.volunteers()))
                .append("ownRevenueShare", decimal(indicators.ownRevenueShare()));
    }

    private static MonthlyIndicators fromDocument(BsonDocument doc) {
        return new MonthlyIndicators(string(doc, "thirdPlaceId"), string(doc, "month"), int64(doc, "revision"),
                string(doc, "region"), int32(doc, "members"), int32(doc, "deskDays"), decimal(doc, "staffFte"),
                int32(doc, "volunteers"), decimal(doc, "ownRevenueShare"));
    }
}
