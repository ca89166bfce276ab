package fr.maillage.registry.domain;

import fr.maillage.events.registry.ThirdPlaceClosed;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelWithdrawn;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelled;
import fr.maillage.events.registry.ThirdPlaceFacilitatorsChanged;
import fr.maillage.events.registry.ThirdPlaceNetworkJoined;
import fr.maillage.events.registry.ThirdPlaceNetworkLeft;
import fr.maillage.events.registry.ThirdPlaceOpened;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.events.registry.ThirdPlaceUpdated;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThirdPlaceTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:15:00Z");
    static final CommuneRef NANTES = new CommuneRef("44109", "Nantes", "44", "52", "Nantes Métropole", "244400404",
            "FROM_100000");

    @Test
    void givenAProject_whenOpened_thenItIsOpenSinceTodayAndSaysSo() {
        ThirdPlace project = place("tl-1", ThirdPlaceStatus.PROJECT, null);

        ThirdPlace.Change change = changed(project.open(null, NOW));

        assertThat(change.place().details().status()).isEqualTo(ThirdPlaceStatus.OPEN);
        assertThat(change.place().details().openedOn()).isEqualTo(LocalDate.parse("2026-11-29"));
        assertThat(change.place().version()).isEqualTo(project.version() + 1);
        assertThat(change.event()).isInstanceOf(ThirdPlaceOpened.class);
        assertThat(change.event().place().status()).isEqualTo("OPEN");
        assertThat(change.event().version()).isEqualTo(change.place().version());
    }

    @Test
    void givenAClosedPlace_whenReopened_thenItKeepsItsFirstOpeningDate() {
        ThirdPlace closed = place("tl-1", ThirdPlaceStatus.CLOSED, LocalDate.parse("2015-03-01"));

        ThirdPlace.Change change = changed(closed.open(null, NOW));

        assertThat(change.place().details().openedOn()).isEqualTo(LocalDate.parse("2015-03-01"));
    }

    @Test
    void openingAnOpenPlaceOrClosingAClosedOneChangesNothing() {
        assertThat(place("tl-1", ThirdPlaceStatus.OPEN, null).open(null, NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(place("tl-1", ThirdPlaceStatus.CLOSED, null).close(NOW)).isInstanceOf(Outcome.Unchanged.class);
    }

    @Test
    void givenAnOpenPlace_whenClosed_thenTheEventCarriesTheClosedState() {
        ThirdPlace.Change change = changed(place("tl-1", ThirdPlaceStatus.OPEN, null).close(NOW));

        assertThat(change.event()).isInstanceOf(ThirdPlaceClosed.class);
        assertThat(change.event().place().status()).isEqualTo("CLOSED");
    }

    @Test
    void aPlaceThatOpenedCannotGoBackToProject() {
        ThirdPlace open = place("tl-1", ThirdPlaceStatus.OPEN, null);
        ThirdPlaceDetails back = new ThirdPlaceDetails("Atelier", null, null, null, NANTES, null, null, Set.of(),
                ThirdPlaceStatus.PROJECT, null, null, null, null);

        assertThat(open.update(back, NOW)).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void anUpdateDoesNotOpenNorCloseAPlace_thoseHaveTheirOwnEventsAndOpeningDate() {
        ThirdPlace project = place("tl-1", ThirdPlaceStatus.PROJECT, null);

        assertThat(project.update(project.details().with(ThirdPlaceStatus.OPEN, null), NOW))
                .isInstanceOf(Outcome.Refused.class);
        assertThat(project.update(project.details().with(ThirdPlaceStatus.CLOSED, null), NOW))
                .isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void everyChangedFieldOfAnUpdateIsAPropertyOfThePublishedState() {
        ThirdPlace place = place("tl-1", ThirdPlaceStatus.OPEN, null);
        CommuneRef paris = new CommuneRef("75056", "Paris", "75", "11", "Métropole du Grand Paris", "200054781",
                "FROM_100000");
        ThirdPlaceDetails everything = new ThirdPlaceDetails("Atelier du canal", "org-2", "1 quai de Jemmapes", "75010",
                paris, 48.87, 2.36, Set.of(Typology.FABLAB), ThirdPlaceStatus.OPEN, 300, "QN07510M",
                LocalDate.parse("2020-01-01"), List.of("Wi-Fi"));

        ThirdPlaceUpdated event = (ThirdPlaceUpdated) changed(place.update(everything, NOW)).event();

        Set<String> stateProperties = Arrays.stream(ThirdPlaceState.class.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toSet());
        assertThat(stateProperties).containsAll(event.changedFields());
        assertThat(event.changedFields()).contains("communeCode", "region", "name", "openedOn", "services")
                .doesNotContain("commune");
    }

    @Test
    void aChangeOfTheServicesAloneIsNamedAndPublished() {
        ThirdPlace place = place("tl-1", ThirdPlaceStatus.OPEN, null);
        ThirdPlaceDetails details = place.details();
        ThirdPlaceDetails withServices = new ThirdPlaceDetails(details.name(), details.operatorId(), details.address(),
                details.postalCode(), details.commune(), details.latitude(), details.longitude(), details.typologies(),
                details.status(), details.surfaceM2(), details.qpvCode(), details.openedOn(), List.of("Wi-Fi"));

        ThirdPlace.Change change = changed(place.update(withServices, NOW));

        assertThat(change.place().details().services()).containsExactly("Wi-Fi");
        assertThat(((ThirdPlaceUpdated) change.event()).changedFields()).containsExactly("services");
        assertThat(change.event().place().services()).containsExactly("Wi-Fi");
    }

    @Test
    void theLabelIsLabelledWhileThePlaceIsAProjectAndActiveOnceItIsOpen() {
        ThirdPlace.Change labelledProject = changed(place("fab", ThirdPlaceStatus.PROJECT, null)
                .label(FabriqueLabel.Track.QPV, 1, 2019, 50_000, NOW));
        assertThat(labelledProject.place().fabriqueLabel().status()).isEqualTo(FabriqueLabel.Status.LABELLED);

        ThirdPlace.Change opened = changed(labelledProject.place().open(null, NOW));

        assertThat(opened.event()).isInstanceOf(ThirdPlaceOpened.class);
        assertThat(opened.place().fabriqueLabel().status()).isEqualTo(FabriqueLabel.Status.ACTIVE);
        assertThat(opened.event().place().fabriqueLabel().status()).as("in the same event").isEqualTo("ACTIVE");
        assertThat(fabrique("fab-2").fabriqueLabel().status()).as("an open place labelled")
                .isEqualTo(FabriqueLabel.Status.ACTIVE);
        assertThat(changed(fabrique("fab-2").withdrawLabel(0, NOW)).place().fabriqueLabel().status())
                .isEqualTo(FabriqueLabel.Status.WITHDRAWN);
    }

    @Test
    void aLabelStoredLabelledOnAnOpenPlaceTurnsActiveWithItsNextChangeWhichNamesIt() {
        // as a label given to an open place was stored before its status followed the place's
        ThirdPlace open = place("fab", ThirdPlaceStatus.OPEN, null);
        ThirdPlace stored = new ThirdPlace(open.id(), 2, open.details(),
                new FabriqueLabel(FabriqueLabel.Track.QPV, 1, 2019, 50_000, FabriqueLabel.Status.LABELLED), null, 0, 0,
                null, null, open.details(), NOW, NOW);
        ThirdPlaceDetails renamed = new ThirdPlaceDetails("Atelier du port", open.details().operatorId(), null, null,
                NANTES, null, null, open.details().typologies(), ThirdPlaceStatus.OPEN, null, null, null, null);

        ThirdPlaceUpdated event = (ThirdPlaceUpdated) changed(stored.update(renamed, NOW)).event();
        ThirdPlace.Change labelledAgain = changed(stored.label(FabriqueLabel.Track.QPV, 1, 2019, 50_000, NOW));

        assertThat(event.changedFields()).containsExactly("name", "fabriqueLabel");
        assertThat(event.place().fabriqueLabel().status()).isEqualTo("ACTIVE");
        assertThat(labelledAgain.place().fabriqueLabel().status()).isEqualTo(FabriqueLabel.Status.ACTIVE);
        assertThat(labelledAgain.place().label(FabriqueLabel.Track.QPV, 1, 2019, 50_000, NOW))
                .isInstanceOf(Outcome.Unchanged.class);
    }

    @Test
    void labellingMakesAFabriqueAndTheSameLabelAgainChangesNothing() {
        ThirdPlace.Change change = changed(place("fab", ThirdPlaceStatus.OPEN, null)
                .label(FabriqueLabel.Track.RURAL, 2, 2020, 50_000, NOW));

        assertThat(change.place().isFabrique()).isTrue();
        assertThat(change.event()).isInstanceOf(ThirdPlaceFabriqueLabelled.class);
        assertThat(change.event().place().fabriqueLabel().track()).isEqualTo("RURAL");
        assertThat(change.place().label(FabriqueLabel.Track.RURAL, 2, 2020, 50_000, NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(changed(change.place().label(FabriqueLabel.Track.RURAL, 2, 2020, 75_000, NOW)).place()
                .fabriqueLabel().yearlyGrantEur()).isEqualTo(75_000);
    }

    @Test
    void aClosedPlaceIsNotLabelled() {
        assertThat(place("tl-1", ThirdPlaceStatus.CLOSED, null).label(FabriqueLabel.Track.QPV, 1, 2019, 50_000, NOW))
                .isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void aLabelledFabriqueClosesOnlyOnceItsLabelIsWithdrawn() {
        ThirdPlace fabrique = fabrique("fab");

        assertThat(fabrique.close(NOW)).isInstanceOf(Outcome.Refused.class);
        ThirdPlace closed = changed(changed(fabrique.withdrawLabel(0, NOW)).place().close(NOW)).place();
        assertThat(closed.details().status()).isEqualTo(ThirdPlaceStatus.CLOSED);
        assertThat(closed.isFabrique()).isFalse();
    }

    @Test
    void aFabriqueClosedWhileLabelledTakesNoNewMembers() {
        // as a Fabrique closed before closures waited for the withdrawal of the label is stored
        ThirdPlace fabrique = fabrique("fab");
        ThirdPlace closedFabrique = new ThirdPlace(fabrique.id(), fabrique.version() + 1,
                fabrique.details().with(ThirdPlaceStatus.CLOSED, null), fabrique.fabriqueLabel(), null, 0, 0, null,
                null, fabrique.details(), NOW, NOW);

        assertThat(place("tl-1", ThirdPlaceStatus.OPEN, null).joinNetwork(closedFabrique, NOW))
                .isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void withdrawingKeepsTheLabelOnRecordButNotWhileTheNetworkHasMembers() {
        ThirdPlace fabrique = fabrique("fab");

        assertThat(fabrique.withdrawLabel(2, NOW)).isInstanceOf(Outcome.Refused.class);
        ThirdPlace.Change change = changed(fabrique.withdrawLabel(0, NOW));
        assertThat(change.place().isFabrique()).isFalse();
        assertThat(change.place().fabriqueLabel().status()).isEqualTo(FabriqueLabel.Status.WITHDRAWN);
        assertThat(change.event()).isInstanceOf(ThirdPlaceFabriqueLabelWithdrawn.class);
        assertThat(change.place().withdrawLabel(0, NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(place("never-labelled", ThirdPlaceStatus.OPEN, null).withdrawLabel(0, NOW)).as("nothing to withdraw: a wrong id, not a retry")
                .isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void aWithdrawnLabelIsPutBackAsItWasUnlessALabelIsInForceAgain() {
        ThirdPlace fabrique = fabrique("fab");
        ThirdPlace withdrawn = changed(fabrique.withdrawLabel(0, NOW)).place();

        ThirdPlace.Change restored = changed(withdrawn.restoreLabel(fabrique.fabriqueLabel(), NOW));

        assertThat(restored.place().fabriqueLabel()).isEqualTo(fabrique.fabriqueLabel());
        assertThat(restored.place().isFabrique()).isTrue();
        assertThat(restored.event()).isInstanceOf(ThirdPlaceFabriqueLabelled.class);
        assertThat(restored.place().restoreLabel(fabrique.fabriqueLabel(), NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(withdrawn.restoreLabel(withdrawn.fabriqueLabel(), NOW)).as("a withdrawn label puts back nothing")
                .isInstanceOf(Outcome.Unchanged.class);
    }

    @Test
    void onlyALabelledFabriqueHasMembersAndAPlaceIsInOneNetworkAtMost() {
        ThirdPlace fabrique = fabrique("fab");
        ThirdPlace other = fabrique("fab-2");
        ThirdPlace member = place("tl-1", ThirdPlaceStatus.OPEN, null);

        assertThat(member.joinNetwork(place("not-fab", ThirdPlaceStatus.OPEN, null), NOW)).isInstanceOf(Outcome.Refused.class);
        ThirdPlace.Change joined = changed(member.joinNetwork(fabrique, NOW));
        assertThat(joined.place().networkFabriqueId()).isEqualTo("fab");
        assertThat(joined.event()).isInstanceOfSatisfying(ThirdPlaceNetworkJoined.class,
                event -> assertThat(event.fabriqueId()).isEqualTo("fab"));
        assertThat(joined.place().joinNetwork(fabrique, NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThat(joined.place().joinNetwork(other, NOW)).isInstanceOf(Outcome.Refused.class);
        assertThat(fabrique.joinNetwork(fabrique, NOW)).isInstanceOf(Outcome.Refused.class);
        assertThat(other.joinNetwork(fabrique, NOW)).as("a Fabrique leads its own network").isInstanceOf(Outcome.Refused.class);
        assertThat(joined.place().label(FabriqueLabel.Track.QPV, 1, 2019, 50_000, NOW)).isInstanceOf(Outcome.Refused.class);
        ThirdPlace withdrawn = changed(fabrique.withdrawLabel(0, NOW)).place();
        assertThat(joined.place().joinNetwork(withdrawn, NOW)).as("the retry of an addition answers as it did")
                .isInstanceOf(Outcome.Unchanged.class);
        assertThat(member.joinNetwork(withdrawn, NOW)).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void leavingANetworkItIsNotInChangesNothing() {
        ThirdPlace member = changed(place("tl-1", ThirdPlaceStatus.OPEN, null).joinNetwork(fabrique("fab"), NOW)).place();

        assertThat(member.leaveNetwork("fab-2", NOW)).isInstanceOf(Outcome.Unchanged.class);
        ThirdPlace.Change left = changed(member.leaveNetwork("fab", NOW));
        assertThat(left.place().networkFabriqueId()).isNull();
        assertThat(left.event()).isInstanceOf(ThirdPlaceNetworkLeft.class);
    }

    @Test
    void facilitatorCountsChangeOnlyWhenTheyDiffer() {
        ThirdPlace place = place("tl-1", ThirdPlaceStatus.OPEN, null);

        ThirdPlace.Change change = changed(place.countFacilitators(3, 1, NOW));
        assertThat(change.event()).isInstanceOf(ThirdPlaceFacilitatorsChanged.class);
        assertThat(change.event().place().facilitators()).isEqualTo(3);
        assertThat(change.event().place().certifiedFacilitators()).isEqualTo(1);
        assertThat(change.place().countFacilitators(3, 1, NOW)).isInstanceOf(Outcome.Unchanged.class);
        assertThatThrownBy(() -> place.countFacilitators(1, 2, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    static ThirdPlace place(String id, ThirdPlaceStatus status, LocalDate openedOn) {
        ThirdPlaceDetails details = new ThirdPlaceDetails("Atelier", "org-1", null, null, NANTES, null, null,
                Set.of(Typology.COWORKING), status, null, null, openedOn, null);
        return ThirdPlace.register(id, details, null, NOW.minusSeconds(3600)).place();
    }

    static ThirdPlace fabrique(String id) {
        return changed(place(id, ThirdPlaceStatus.OPEN, null).label(FabriqueLabel.Track.QPV, 1, 2019, 50_000, NOW)).place();
    }

    static <C> C changed(Outcome<C> outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Changed.class);
        return ((Outcome.Changed<C>) outcome).change();
    }
}
