package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.reporting.domain.ActivityReport;
import fr.maillage.reporting.domain.ActivityView;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.domain.RevisionWalk;
import org.bson.BsonDocument;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static fr.maillage.reporting.store.BsonFields.int64;
import static fr.maillage.reporting.store.BsonFields.string;

/**
 * Activity reports (latest revision of each) and their counters: the national cube (a document
 * per month) and the networks (a document each) in {@code activity_counters}, each tiers-lieu's months
 * and the région each was counted in, in {@code activity_place_months}. Public queries read an
 * {@link ActivityView} in memory, to which each batch adds what it counted, and which
 * {@link #refresh()} reads again from all the counter documents (other instances count the other
 * partitions).
 */
public final class ActivityProjection {

    private final RevisionStore<ActivityReport> store;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ActivityView view = ActivityView.empty();
    /** The cells as this instance knows them in the store, by view key: what {@link #refresh()} compares with. */
    private final Map<String, Measures> storedCells = new HashMap<>();
    /** Batches (shared: the consumers of this instance) against a refresh (exclusive). */
    private final ReadWriteLock batches = new ReentrantReadWriteLock();
    /** Whether a batch failed after it may have written some counters: the view must be read again. */
    private volatile boolean stale;

    ActivityProjection(MongoDatabase database, String suffix) {
        this.store = new RevisionStore<>(database.getCollection("activity_reports" + suffix, BsonDocument.class),
                ActivityProjection::toDocument, ActivityProjection::fromDocument,
                Map.of(ActivityReport.TOTALS, database.getCollection("activity_counters" + suffix),
                        ActivityReport.PLACES, database.getCollection("activity_place_months" + suffix)),
                ActivityReport.COUNTERS);
    }

    void load() {
        refresh();
    }

    /** Reads every cell again; answers whether the view changed (and tells the listeners). */
    boolean refresh() {
        Map<String, Measures> changed = new HashMap<>();
        batches.writeLock().lock(); // no batch between its counters and its view: it would be counted twice
        try {
            Map<String, Measures> cells = measures(store.allParts(ActivityReport.TOTALS));
            stale = false; // only once read: a refresh that fails (the store still down) must be made again
            cells.forEach((key, measures) -> {
                if (!measures.equals(storedCells.get(key))) {
                    changed.put(key, measures);
                }
            });
            synchronized (this) {
                storedCells.putAll(changed);
                view = view.with(changed);
            }
        } finally {
            batches.writeLock().unlock();
        }
        if (!changed.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
        return !changed.isEmpty();
    }

    /**
     * Applies a batch and adds what it wrote to the counters to the view: the increments of the
     * batch, not the documents read back (that read was a fifth of what reporting allocated under
     * load). A batch that failed may have written some of its counter documents, which its retry
     * skips: the next batch then reads every cell again first.
     */
    public void apply(List<RevisionWalk.Sourced<ActivityReport>> events) {
        if (stale) {
            refresh();
        }
        Map<String, Measures> increments = new HashMap<>();
        batches.readLock().lock();
        try {
            Map<String, RevisionWalk.DocumentChange> changed;
            try {
                changed = store.apply(events);
            } catch (RuntimeException e) {
                stale = true;
                throw e;
            }
            changed.forEach((key, change) -> {
                if (key.startsWith(ActivityReport.TOTALS)) {
                    String document = key.substring(ActivityReport.TOTALS.length());
                    change.increments().forEach((part, values) ->
                            increments.put(document + "|" + part, Measures.of(values)));
                }
            });
            if (!increments.isEmpty()) {
                synchronized (this) {
                    Map<String, Measures> fresh = new HashMap<>();
                    increments.forEach((key, added) -> fresh.put(key, storedCells.getOrDefault(key, Measures.ZERO).plus(added)));
                    storedCells.putAll(fresh);
                    view = view.with(fresh);
                }
            }
        } finally {
            batches.readLock().unlock();
        }
        if (!increments.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
    }

    public ActivityView view() {
        return view;
    }

    /** One month of a tiers-lieu's activity counted in one région. */
    public record PlaceMonth(String month, String region) {
    }

    /** One tiers-lieu's activity per month and région it was counted in, read from the store (detail for analysts). */
    public Map<PlaceMonth, Measures> place(String thirdPlaceId) {
        Map<PlaceMonth, Measures> months = new LinkedHashMap<>();
        store.parts(ActivityReport.PLACES, thirdPlaceId).forEach((monthAndRegion, counters) -> {
            Measures measures = Measures.of(counters);
            int bar = monthAndRegion.indexOf('|');
            if (!measures.isZero() && bar > 0) {
                months.put(new PlaceMonth(monthAndRegion.substring(0, bar), monthAndRegion.substring(bar + 1)), measures);
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
