package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.reporting.domain.FundsSummary;
import fr.maillage.reporting.domain.PremisesSummary;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The latest state of every premises and fund, and their summaries (recomputed after each change). */
public final class PartnershipProjection {

    private final LatestStates<PremisesState> premises;
    private final LatestStates<FundState> funds;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile PremisesSummary premisesSummary;
    private volatile FundsSummary fundsSummary;

    PartnershipProjection(MongoDatabase database, String suffix) {
        this.premises = new LatestStates<>(database.getCollection("premises" + suffix), PremisesState.class,
                PremisesState::premisesId, PremisesState::version);
        this.funds = new LatestStates<>(database.getCollection("funds" + suffix), FundState.class,
                FundState::fundId, FundState::version);
        summarise();
    }

    synchronized void load() {
        premises.load();
        funds.load();
        summarise();
    }

    /** Takes the newer states other instances stored (they apply the other partitions). */
    boolean refresh() {
        boolean changed;
        synchronized (this) {
            changed = !premises.refresh().isEmpty();
            changed |= !funds.refresh().isEmpty();
            if (changed) {
                summarise();
            }
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        return changed;
    }

    /** Applies the newest states of a batch; the times are those of the latest premises and fund events. */
    public synchronized void apply(Collection<PremisesState> latestPremises, Instant premisesTime, Collection<FundState> latestFunds,
                      Instant fundsTime) {
        Instant premisesAsOf = premises.asOf();
        Instant fundsAsOf = funds.asOf();
        boolean changed = !premises.apply(latestPremises, premisesTime).isEmpty();
        changed |= !funds.apply(latestFunds, fundsTime).isEmpty();
        if (changed || !premisesAsOf.equals(premises.asOf()) || !fundsAsOf.equals(funds.asOf())) {
            summarise();
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    private void summarise() {
        premisesSummary = PremisesSummary.of(List.copyOf(premises.all()), premises.asOf());
        fundsSummary = FundsSummary.of(List.copyOf(funds.all()), funds.asOf());
    }

    public PremisesSummary premises() {
        return premisesSummary;
    }

    public FundsSummary funds() {
        return fundsSummary;
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
