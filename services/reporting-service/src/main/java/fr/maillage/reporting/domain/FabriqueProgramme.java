package fr.maillage.reporting.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Fabriques de territoire programme: labelled Fabriques against the target, by track (QPV or
 * RURAL) and wave, and the networks of tiers-lieux they animate.
 */
public record FabriqueProgramme(long labelled, int target, Map<String, Long> byTrack, Map<String, Long> byWave,
                                List<Network> networks, Instant asOf) {

    public static final int TARGET = 300;

    /** A Fabrique's network: its members are the tiers-lieux that name it as their network. */
    public record Network(String fabriqueId, String name, String region, long members) {
    }
}
