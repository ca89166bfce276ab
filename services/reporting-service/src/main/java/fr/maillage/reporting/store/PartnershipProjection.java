package fr.maillage.reporting.store;

import com.mongodb.client.MongoDatabase;
import fr.maillage.events.partnership.FundState;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.reporting.domain.FundsSummary;
import fr.maillage.reporting.domain.PremisesSummary;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The latest state of every premises and fund, and their summaries (recomputed after each change). */
public final class PartnershipProjection {

    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    private final LatestStates<PremisesState> premises;
    private final LatestStates<FundState> funds;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile PremisesSummary premisesSummary;
    private volatile FundsSummary fundsSummary;
    /** The day {@link #premisesSummary} was counted for: premises past their last day are not on offer. */
    private volatile LocalDate summarisedOn;

    PartnershipProjection(MongoDatabase database, String suffix) {
        this(database, suffix, Clock.system(FRANCE));
    }

    /** {@code clock}: its zone gives the day that ends offers (France's, outside tests). */
    PartnershipProjection(MongoDatabase database, String suffix, Clock clock) {
        this.clock = clock;
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
        if (changed || !Objects.equals(premisesAsOf, premises.asOf()) || !Objects.equals(fundsAsOf, funds.asOf())) {
            summarise();
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * Counts again if the day has turned since the last count: offers whose last day has passed
     * leave {@code onOffer}, though no event marks that day. Tells the listeners if it changed.
     */
    public void newDay() {
        boolean changed;
        synchronized (this) {
            if (LocalDate.now(clock).equals(summarisedOn)) {
                return;
            }
            long onOfferBefore = premisesSummary.onOffer();
            summarise();
            changed = premisesSummary.onOffer() != onOfferBefore;
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    private void summarise() {
        summarisedOn = LocalDate.now(clock);
        premisesSummary = PremisesSummary.of(List.copyOf(premises.all()), premises.asOf(), summarisedOn);
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
