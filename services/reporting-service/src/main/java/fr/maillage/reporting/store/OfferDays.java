package fr.maillage.reporting.store;

import org.springframework.scheduling.annotation.Scheduled;

import java.util.concurrent.TimeUnit;

/**
 * Premises whose last day of availability has passed stop counting as on offer when the day turns
 * in France. No event marks that moment, so every minute the live projections look whether the
 * day has changed (a date comparison, no store access).
 */
public final class OfferDays {

    private final LiveProjections live;

    public OfferDays(LiveProjections live) {
        this.live = live;
    }

    @Scheduled(fixedDelay = 1, timeUnit = TimeUnit.MINUTES)
    public void check() {
        live.get().partnership().newDay();
    }
}
