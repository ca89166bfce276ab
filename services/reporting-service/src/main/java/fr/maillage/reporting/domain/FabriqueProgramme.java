package fr.maillage.reporting.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Fabriques de territoire programme: labelled Fabriques against the target, by track (QPV or
 * RURAL) and wave, and the networks of tiers-lieux they animate. {@code networks} has every
 * labelled Fabrique and every Fabrique named by a member not closed, most members first;
 * {@code animatedNetworks} counts those with at least one member ({@link Network#isAnimated}).
 */
public record FabriqueProgramme(long labelled, int target, Map<String, Long> byTrack, Map<String, Long> byWave,
                                long animatedNetworks, List<Network> networks, Instant asOf) {

    public static final int TARGET = 300;

    /** A Fabrique's network: its members are the tiers-lieux not closed that name it as their network. */
    public record Network(String fabriqueId, String name, String region, long members) {

        /** A network animated: one tiers-lieu not closed at least names the Fabrique (a new Fabrique has none yet). */
        public static boolean isAnimated(Network network) {
            return network.members() > 0;
        }
    }
}
