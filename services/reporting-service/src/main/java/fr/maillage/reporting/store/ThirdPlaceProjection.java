package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.reporting.domain.FabriqueProgramme;
import fr.maillage.reporting.domain.FacilitatorShare;
import fr.maillage.reporting.domain.Overview;
import fr.maillage.reporting.domain.PlaceCounts;
import fr.maillage.reporting.domain.ProgrammeCounts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The latest state of every tiers-lieu, and the counts derived from it (overview, Fabrique
 * programme, facilitators), kept exact in memory by replacing each place's contribution.
 */
public final class ThirdPlaceProjection {

    private final LatestStates<ThirdPlaceState> places;
    private final PlaceCounts counts = new PlaceCounts();
    private final ProgrammeCounts programme = new ProgrammeCounts();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot;

    private record Snapshot(Overview overview, FabriqueProgramme programme, FacilitatorShare facilitators) {
    }

    ThirdPlaceProjection(MongoDatabase database, String suffix) {
        this.places = new LatestStates<>(database.getCollection("third_places" + suffix), ThirdPlaceState.class,
                ThirdPlaceState::thirdPlaceId, ThirdPlaceState::version);
        this.snapshot = snapshot();
    }

    synchronized void load() {
        count(places.load());
    }

    /** Takes the newer states other instances stored (they apply the other partitions). */
    boolean refresh() {
        List<LatestStates.Change<ThirdPlaceState>> changes;
        synchronized (this) {
            changes = places.refresh();
            if (!changes.isEmpty()) {
                count(changes);
            }
        }
        if (!changes.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
        return !changes.isEmpty();
    }

    /** Applies the newest state of each place in a batch; older or equal versions are ignored. */
    public synchronized void apply(Collection<ThirdPlaceState> latest, Instant eventTime) {
        Instant asOf = places.asOf();
        List<LatestStates.Change<ThirdPlaceState>> changes = places.apply(latest, eventTime);
        if (!changes.isEmpty() || !Objects.equals(asOf, places.asOf())) {
            count(changes);
        }
        if (!changes.isEmpty()) {
            listeners.forEach(Runnable::run);
        }
    }

    private synchronized void count(List<LatestStates.Change<ThirdPlaceState>> changes) {
        for (LatestStates.Change<ThirdPlaceState> change : changes) {
            counts.replace(change.before(), change.after());
            programme.replace(change.before(), change.after());
        }
        snapshot = snapshot();
    }

    private Snapshot snapshot() {
        Instant asOf = places.asOf();
        return new Snapshot(counts.snapshot(asOf), programme.programme(places::get, asOf), programme.facilitators(asOf));
    }

    public Overview overview() {
        return snapshot.overview();
    }

    public Overview overview(Predicate<ThirdPlaceState> filter) {
        return PlaceCounts.of(places.all(), filter, places.asOf());
    }

    public FabriqueProgramme programme() {
        return snapshot.programme();
    }

    public FacilitatorShare facilitators() {
        return snapshot.facilitators();
    }

    public Optional<ThirdPlaceState> place(String thirdPlaceId) {
        return Optional.ofNullable(places.get(thirdPlaceId));
    }

    public Collection<ThirdPlaceState> places() {
        return places.all();
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
