package fr.maillage.reporting.domain;

import java.time.Instant;
import java.util.Map;

/** How many tiers-lieux have a facilitator (animateur), and a certified one, nationally and per région. */
public record FacilitatorShare(long places, long placesWithFacilitator, long placesWithCertifiedFacilitator,
                               double certifiedShare, long facilitators, long certifiedFacilitators,
                               Map<String, RegionShare> byRegion, Instant asOf) {

    public record RegionShare(long places, long placesWithCertifiedFacilitator, double certifiedShare) {
    }

    static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
