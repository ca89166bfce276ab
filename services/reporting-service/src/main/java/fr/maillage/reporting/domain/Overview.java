package fr.maillage.reporting.domain;

import java.time.Instant;
import java.util.Map;

/**
 * The national picture of tiers-lieux: how many, where, what kind, in which state; {@code asOf}:
 * the time of the latest event counted, null before the first.
 */
public record Overview(long total, Map<String, Long> byStatus, Map<String, Long> byRegion,
                       Map<String, Long> byDepartement, Map<String, Long> byTerritory, Map<String, Long> bySizeClass,
                       Map<String, Long> byTypology, Instant asOf) {
}
