package fr.maillage.reporting.domain;

import fr.maillage.events.registry.ThirdPlaceState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgrammeCountsTest {

    private final Map<String, ThirdPlaceState> places = new HashMap<>();
    private final ProgrammeCounts counts = new ProgrammeCounts();

    @Test
    void aLabelInAnyStatusButWithdrawnIsCounted() {
        // the registry's statuses over a label's life: LABELLED on a project, ACTIVE once the place is open
        put(place("fab-labelled", "PROJECT", "LABELLED", null));
        put(place("fab-active", "OPEN", "ACTIVE", null));
        put(place("fab-withdrawn", "OPEN", "WITHDRAWN", null));

        assertThat(programme().labelled()).isEqualTo(2);
        assertThat(places.get("fab-active").fabriqueInForce()).isTrue();
        assertThat(places.get("fab-withdrawn").fabriqueInForce()).isFalse();
    }

    @Test
    void onlyNetworksWithMembersAreAnimatedThoughEveryFabriqueIsListed() {
        put(place("fab-alone", "OPEN", "ACTIVE", null));
        put(place("fab-two", "OPEN", "ACTIVE", null));
        put(place("member-1", "OPEN", null, "fab-two"));
        put(place("member-2", "OPEN", null, "fab-two"));
        put(place("fab-one", "OPEN", "ACTIVE", null));
        put(place("member-3", "OPEN", null, "fab-one"));

        FabriqueProgramme programme = programme();
        assertThat(programme.labelled()).isEqualTo(3);
        assertThat(programme.animatedNetworks()).isEqualTo(2);
        assertThat(programme.networks()).extracting(FabriqueProgramme.Network::fabriqueId)
                .containsExactly("fab-two", "fab-one", "fab-alone");
        assertThat(programme.networks()).extracting(FabriqueProgramme.Network::members).containsExactly(2L, 1L, 0L);

        put(place("member-3", "OPEN", null, null)); // leaves: fab-one animates nothing any more
        assertThat(programme().animatedNetworks()).isEqualTo(1);
    }

    @Test
    void aClosedMemberIsNoLongerAnimatedThoughTheRegistryKeepsItsNetwork() {
        put(place("fab", "OPEN", "ACTIVE", null));
        put(place("member-project", "PROJECT", null, "fab"));
        put(place("member-open", "OPEN", null, "fab"));

        assertThat(programme().networks()).extracting(FabriqueProgramme.Network::members).containsExactly(2L);

        put(place("member-open", "CLOSED", null, "fab"));
        put(place("member-project", "CLOSED", null, "fab"));
        assertThat(programme().networks()).extracting(FabriqueProgramme.Network::members).containsExactly(0L);
        assertThat(programme().animatedNetworks()).isZero();
    }

    @Test
    void aFabriquesOwnActivityCountsInItsNetworkAndAMembersInItsFabriques() {
        assertThat(place("fab", "OPEN", "ACTIVE", null).activityNetwork()).isEqualTo("fab");
        assertThat(place("member", "OPEN", null, "fab").activityNetwork()).isEqualTo("fab");
        assertThat(place("fab-withdrawn", "OPEN", "WITHDRAWN", null).activityNetwork()).isNull();
        assertThat(place("alone", "OPEN", null, null).activityNetwork()).isNull();
    }

    private FabriqueProgramme programme() {
        return counts.programme(places::get, Instant.EPOCH);
    }

    private void put(ThirdPlaceState place) {
        counts.replace(places.put(place.thirdPlaceId(), place), place);
    }

    private static ThirdPlaceState place(String id, String status, String labelStatus, String network) {
        ThirdPlaceState.FabriqueLabel label = labelStatus == null ? null
                : new ThirdPlaceState.FabriqueLabel("RURAL", 1, 2021, 50_000, labelStatus);
        long version = 1;
        return new ThirdPlaceState(id, version, "Tiers-lieu " + id, "operator", null, null, "01001", "Commune", "01",
                "84", null, "UNDER_3500", null, null, List.of("COWORKING"), status, 100, null, null, label, network, 0, 0,
                Instant.EPOCH);
    }
}
