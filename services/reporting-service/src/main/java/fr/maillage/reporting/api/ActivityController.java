package fr.maillage.reporting.api;

import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.reporting.domain.ActivityFilter;
import fr.maillage.reporting.domain.ActivitySummary;
import fr.maillage.reporting.domain.Indicator;
import fr.maillage.reporting.domain.IndicatorTotals;
import fr.maillage.reporting.domain.IndicatorsView;
import fr.maillage.reporting.domain.Measures;
import fr.maillage.reporting.store.ActivityProjection;
import fr.maillage.reporting.store.LiveProjections;
import fr.maillage.reporting.store.ProjectionSet;
import fr.maillage.security.ApiException;
import fr.maillage.security.Caller;
import fr.maillage.security.PublicEndpoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.TreeMap;

@RestController
@Validated
@Tag(name = "Activité", description = "Activity published by Fabriques and tiers-lieux; revisions replace earlier reports")
class ActivityController {

    private final LiveProjections live;

    ActivityController(LiveProjections live) {
        this.live = live;
    }

    record Figures(long reports, long participants, double hours) {
        static Figures of(Measures measures) {
            return new Figures(measures.reports(), measures.participants(), measures.hours());
        }
    }

    record ActivityAnswer(String from, String to, String region, String category, long reports, long participants,
                          double hours, Map<String, Figures> byMonth, Map<String, Figures> byCategory,
                          Map<String, Figures> byRegion) {
    }

    record NetworkActivity(String fabriqueId, String name, String region, long reports, long participants,
                           double hours) {
    }

    record NetworksAnswer(String from, String to, String region, List<NetworkActivity> networks) {
    }

    record PlaceActivity(String thirdPlaceId, String name, String region, String from, String to, long reports,
                         long participants, double hours, Map<String, Figures> byMonth) {
    }

    /**
     * A month's indicators. A figure is null when no place gave it, or when it is withheld (named in
     * {@code withheld}, and then {@code confidential}): fewer than {@link #MIN_PLACES_SHOWN} places
     * gave it and the caller may not read their detail.
     */
    record MonthIndicators(long places, boolean confidential, List<String> withheld, Long members, Long deskDays,
                           Double staffFte, Long volunteers, Double ownRevenueShareAverage) {
    }

    /**
     * Below this many places a month's sums are one or two places' own figures (their members, their
     * staff, their share of own revenue): shown only to those who read per-place detail, as
     * statistical confidentiality does (INSEE's rule of three).
     */
    static final int MIN_PLACES_SHOWN = 3;

    record IndicatorsAnswer(String from, String to, String region, Map<String, MonthIndicators> byMonth) {
    }

    @GetMapping("/api/v1/activity")
    @PublicEndpoint
    @Operation(summary = "Reports, participants and hours, by month, category and région (months inclusive)")
    ActivityAnswer activity(
            @RequestParam(required = false) @Parameter(description = "first month: " + Params.MONTH_DESCRIPTION) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String from,
            @RequestParam(required = false) @Parameter(description = "last month: " + Params.MONTH_DESCRIPTION) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String to,
            @RequestParam(required = false) @Pattern(regexp = Params.REGION, message = Params.REGION_MESSAGE) String region,
            @RequestParam(required = false) @Pattern(regexp = Params.CATEGORY, message = Params.CATEGORY_MESSAGE) String category) {
        Params.Months range = Params.months(from, to);
        from = range.from();
        to = range.to();
        ActivitySummary summary = live.get().activity().view().summary(new ActivityFilter(from, to, region, category));
        return new ActivityAnswer(from, to, region, category, summary.total().reports(), summary.total().participants(),
                summary.total().hours(), figures(summary.byMonth()), figures(summary.byCategory()),
                figures(summary.byRegion()));
    }

    @GetMapping("/api/v1/activity/networks")
    @Operation(summary = "Activity per Fabrique network (ANALYST or NATIONAL; a région's analyst passes its région)",
            description = "A network is a Fabrique and its members: its figures count both (a Fabrique's own "
                    + "reports first published before 2026-12-03 carried no network, and their later revisions keep "
                    + "it so). With a région: the networks of the Fabriques of that région, counting only the "
                    + "activity in that région (a network may have members elsewhere, whose detail a région's "
                    + "analyst does not read).")
    NetworksAnswer networks(
            Caller caller,
            @RequestParam(required = false) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String from,
            @RequestParam(required = false) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String to,
            @RequestParam(required = false) @Parameter(description = "région of the Fabriques and of the members counted") @Pattern(regexp = Params.REGION, message = Params.REGION_MESSAGE) String region) {
        Params.Months range = Params.months(from, to);
        from = range.from();
        to = range.to();
        DetailAccess.check(caller, region);
        ProjectionSet projections = live.get();
        List<NetworkActivity> networks = new ArrayList<>();
        projections.activity().view().byNetwork(new ActivityFilter(from, to, region, null)).forEach((fabriqueId, measures) -> {
            ThirdPlaceState fabrique = projections.places().place(fabriqueId).orElse(null);
            String fabriqueRegion = fabrique == null ? null : fabrique.region();
            if (region == null || region.equals(fabriqueRegion)) {
                networks.add(new NetworkActivity(fabriqueId, fabrique == null ? null : fabrique.name(), fabriqueRegion,
                        measures.reports(), measures.participants(), measures.hours()));
            }
        });
        networks.sort(Comparator.comparing(NetworkActivity::reports).reversed().thenComparing(NetworkActivity::fabriqueId));
        return new NetworksAnswer(from, to, region, networks);
    }

    @GetMapping("/api/v1/activity/places/{thirdPlaceId}")
    @Operation(summary = "One tiers-lieu's activity per month (ANALYST or NATIONAL; a région's analyst, in its région)")
    PlaceActivity place(
            Caller caller,
            @PathVariable @Pattern(regexp = Params.ID, message = Params.ID_MESSAGE) String thirdPlaceId,
            @RequestParam(required = false) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String from,
            @RequestParam(required = false) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String to) {
        Params.Months range = Params.months(from, to);
        from = range.from();
        to = range.to();
        DetailAccess.requireReader(caller);
        ProjectionSet projections = live.get();
        ThirdPlaceState place = projections.places().place(thirdPlaceId)
                .orElseThrow(() -> ApiException.notFound("tiers-lieu", thirdPlaceId));
        // a région's analyst reads what was counted in its région: a place that moved shows it its months there
        Map<ActivityProjection.PlaceMonth, Measures> counted = projections.activity().place(thirdPlaceId);
        boolean countedInReach = counted.keySet().stream().anyMatch(cell -> DetailAccess.mayRead(caller, cell.region()));
        if (!countedInReach) {
            DetailAccess.check(caller, place.region());
        }
        ActivityFilter filter = new ActivityFilter(from, to, null, null);
        Map<String, Measures> byMonth = new TreeMap<>();
        counted.forEach((cell, measures) -> {
            if (filter.coversMonth(cell.month()) && DetailAccess.mayRead(caller, cell.region())) {
                byMonth.merge(cell.month(), measures, Measures::plus);
            }
        });
        Map<String, Figures> months = new LinkedHashMap<>();
        Measures total = Measures.ZERO;
        for (Map.Entry<String, Measures> month : byMonth.entrySet()) {
            months.put(month.getKey(), Figures.of(month.getValue()));
            total = total.plus(month.getValue());
        }
        return new PlaceActivity(thirdPlaceId, place.name(), place.region(), from, to, total.reports(),
                total.participants(), total.hours(), months);
    }

    @GetMapping("/api/v1/monthly-indicators")
    @PublicEndpoint
    @Operation(summary = "Monthly indicators summed per month: places, members, desk-days, staff (FTE), volunteers",
            description = "Public. Each indicator is optional: a sum that fewer than 3 places gave is withheld (null, "
                    + "named in 'withheld', the month 'confidential') unless the key reads per-place detail of that "
                    + "région (an analyst's, the national structure's). Without a région, the national sum is also "
                    + "withheld unless the régions withheld from the caller hold none of the places that gave it, or "
                    + "still 3 with any one of those régions left out (the national sum less the régions shown, less "
                    + "one that a région's analyst reads, would give the others away), however many places gave it "
                    + "in all. An indicator no place gave is null.")
    IndicatorsAnswer indicators(
            Caller caller,
            @RequestParam(required = false) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String from,
            @RequestParam(required = false) @Pattern(regexp = Params.MONTH, message = Params.MONTH_MESSAGE) String to,
            @RequestParam(required = false) @Pattern(regexp = Params.REGION, message = Params.REGION_MESSAGE) String region) {
        Params.Months range = Params.months(from, to);
        from = range.from();
        to = range.to();
        IndicatorsView view = live.get().indicators().view();
        ActivityFilter filter = new ActivityFilter(from, to, region, null);
        Map<String, Map<String, IndicatorTotals>> byRegion = view.byRegion(filter);
        Map<String, MonthIndicators> months = new LinkedHashMap<>();
        view.byMonth(filter).forEach((month, totals) -> months.put(month,
                indicators(caller, region, totals, byRegion.getOrDefault(month, Map.of()))));
        return new IndicatorsAnswer(from, to, region, months);
    }

    /** A month's sums, each indicator shown or withheld on its own: each is optional, so each has its own count of places. */
    private static MonthIndicators indicators(Caller caller, String region, IndicatorTotals totals,
                                              Map<String, IndicatorTotals> byRegion) {
        Map<Indicator, Number> shown = new EnumMap<>(Indicator.class);
        List<String> withheld = new ArrayList<>();
        for (Indicator indicator : Indicator.values()) {
            Number value = totals.value(indicator);
            if (value == null) {
                continue;
            }
            if (shown(caller, region, indicator, totals, byRegion)) {
                shown.put(indicator, value);
            } else {
                withheld.add(indicator.field());
            }
        }
        return new MonthIndicators(totals.places(), !withheld.isEmpty(), List.copyOf(withheld),
                (Long) shown.get(Indicator.MEMBERS), (Long) shown.get(Indicator.DESK_DAYS),
                (Double) shown.get(Indicator.STAFF_FTE), (Long) shown.get(Indicator.VOLUNTEERS),
                (Double) shown.get(Indicator.OWN_REVENUE_SHARE));
    }

    /**
     * Whether an indicator's sum may be shown: to a reader of the région's detail, always; otherwise
     * only a sum that at least {@link #MIN_PLACES_SHOWN} places gave, and for the whole country only
     * if the régions hidden from this caller hold none of its places, or still {@link #MIN_PLACES_SHOWN}
     * once any one of them is left out: the national sum less the régions shown, less one hidden
     * région that some région's analyst reads, would give the others' one or two places away.
     */
    private static boolean shown(Caller caller, String region, Indicator indicator, IndicatorTotals totals,
                                 Map<String, IndicatorTotals> byRegion) {
        if (DetailAccess.mayRead(caller, region)) {
            return true;
        }
        if (totals.placesGiving(indicator) < MIN_PLACES_SHOWN) {
            return false;
        }
        if (region != null) {
            return true;
        }
        LongSummaryStatistics hidden = byRegion.entrySet().stream()
                .filter(regional -> regional.getValue().placesGiving(indicator) < MIN_PLACES_SHOWN
                        && !DetailAccess.mayRead(caller, regional.getKey()))
                .mapToLong(regional -> regional.getValue().placesGiving(indicator)).summaryStatistics();
        return hidden.getSum() == 0 || hidden.getSum() - hidden.getMax() >= MIN_PLACES_SHOWN;
    }

    private static Map<String, Figures> figures(Map<String, Measures> measures) {
        Map<String, Figures> result = new LinkedHashMap<>();
        measures.forEach((key, value) -> result.put(key, Figures.of(value)));
        return result;
    }
}
