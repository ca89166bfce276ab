package fr.maillage.partnership.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import fr.maillage.messaging.AggregateStore;
import fr.maillage.partnership.domain.Premises;
import fr.maillage.partnership.domain.PremisesStatus;
import fr.maillage.partnership.domain.Terms;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of premises, by what a caller filters on (a null criterion: any); how the premises are
 * stored stays here. Sorted by the date they are available from, pages counted from 0.
 */
@Component
public class PremisesSearch {

    /**
     * {@code availableOn}: the premises are available that day: their offer covers it (from on or before
     * it, until on or after it) and they are still open to applications, OFFERED or APPLIED, with an
     * offer that has not ended by today (a past day lists what may still be applied for).
     */
    public record Criteria(String region, String departement, String communeCode, Integer minSurfaceM2, Terms terms,
                           LocalDate availableOn, PremisesStatus status) {
    }

    /** One page of matches and how many match in all. */
    public record Found(List<Premises> items, long total) {
    }

    private static final List<String> STILL_AVAILABLE = List.of(PremisesStatus.OFFERED.name(), PremisesStatus.APPLIED.name());

    private final AggregateStore<Premises> premises;
    private final Clock clock;

    PremisesSearch(AggregateStore<Premises> premises, Clock clock) {
        this.premises = premises;
        this.clock = clock;
    }

    public Found find(Criteria criteria, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (criteria.region() != null) {
            filters.add(Filters.eq("state.offer.commune.region", criteria.region()));
        }
        if (criteria.departement() != null) {
            filters.add(Filters.eq("state.offer.commune.departement", criteria.departement()));
        }
        if (criteria.communeCode() != null) {
            filters.add(Filters.eq("state.offer.commune.code", criteria.communeCode()));
        }
        if (criteria.minSurfaceM2() != null) {
            filters.add(Filters.gte("state.offer.surfaceM2", criteria.minSurfaceM2()));
        }
        if (criteria.terms() != null) {
            filters.add(Filters.eq("state.offer.terms", criteria.terms().name()));
        }
        if (criteria.availableOn() != null) {
            LocalDate today = Premises.today(clock.instant());
            String day = criteria.availableOn().toString();
            String lastDayAtLeast = (criteria.availableOn().isAfter(today) ? criteria.availableOn() : today).toString();
            filters.add(Filters.lte("state.offer.availableFrom", day));
            filters.add(Filters.or(Filters.eq("state.offer.availableUntil", null),
                    Filters.gte("state.offer.availableUntil", lastDayAtLeast)));
            // a reservation leads only to an agreement or a withdrawal, both final: such premises never take an
            // application again, whatever the day (days outside a signed agreement's period included)
            filters.add(Filters.in("state.status", STILL_AVAILABLE));
        }
        if (criteria.status() != null) {
            filters.add(Filters.eq("state.status", criteria.status().name()));
        }
        Bson filter = filters.isEmpty() ? Filters.empty() : Filters.and(filters);
        return new Found(premises.find(filter,
                Sorts.ascending("state.offer.availableFrom", AggregateStore.CREATED_AT, "_id"), page * size, size),
                premises.count(filter));
    }
}
