package fr.maillage.registry.domain;

import fr.maillage.events.registry.ThirdPlaceClosed;
import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelWithdrawn;
import fr.maillage.events.registry.ThirdPlaceFabriqueLabelled;
import fr.maillage.events.registry.ThirdPlaceFacilitatorsChanged;
import fr.maillage.events.registry.ThirdPlaceNetworkJoined;
import fr.maillage.events.registry.ThirdPlaceNetworkLeft;
import fr.maillage.events.registry.ThirdPlaceOpened;
import fr.maillage.events.registry.ThirdPlaceRegistered;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.events.registry.ThirdPlaceUpdated;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tiers-lieu of the national register. Each change returns the new state and the event it
 * caused; the store saves both in one document update. A request that is already satisfied is
 * {@link Outcome.Unchanged}, so retrying it has no second effect. {@code registeredAs} keeps the
 * details it was registered with, so that the registration's retry is known after later changes.
 */
public record ThirdPlace(String id, long version, ThirdPlaceDetails details, FabriqueLabel fabriqueLabel,
                         String networkFabriqueId, int facilitators, int certifiedFacilitators, String sourceRef,
                         SourceFields sourceFields, ThirdPlaceDetails registeredAs, Instant createdAt,
                         Instant updatedAt) {

    /** The zone of the register's days (an opening date, "today"): France's, whatever the machine's. */
    public static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    public ThirdPlace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(details, "details");
    }

    /** A new state with the event that produced it. */
    public record Change(ThirdPlace place, ThirdPlaceEvent event) {
    }

    public static Change register(String id, ThirdPlaceDetails details, String sourceRef, Instant now) {
        ThirdPlace place = new ThirdPlace(id, 1, details, null, null, 0, 0, sourceRef, null, details, now, now);
        return new Change(place, new ThirdPlaceRegistered(id, 1, now, place.toState()));
    }

    /** The same state, recording the fields its source file gave as the import writes them (not a change of its own). */
    public ThirdPlace importedAs(SourceFields fields) {
        return new ThirdPlace(id, version, details, fabriqueLabel, networkFabriqueId, facilitators, certifiedFacilitators,
                sourceRef, fields, registeredAs, createdAt, updatedAt);
    }

    /**
     * Whether the fields its source file gives were changed since an import last wrote them (or
     * are unknown: imported before they were recorded), so that an import must leave them be.
     */
    public boolean sourceFieldsChangedSinceImport() {
        return sourceFields == null || !sourceFields.equals(SourceFields.of(details));
    }

    /**
     * Whether a registration with these details is the one that created it, or asks for what it is
     * now: the retry of a registration whose answer was lost, even once the place changed since
     * ({@code registeredAs} is unknown for places stored before it was kept: their details then).
     */
    public boolean registeredWith(ThirdPlaceDetails requested) {
        return requested.equals(details) || requested.equals(registeredAs);
    }

    /** Whether it holds a Fabrique label in force, which lets it have a network of member places. */
    public boolean isFabrique() {
        return fabriqueLabel != null && fabriqueLabel.inForce();
    }

    /**
     * Applies new details; the same details change nothing. The status is not among them: an opening
     * or a closure has its own event and rules ({@link #open}, {@link #close}).
     */
    public Outcome<Change> update(ThirdPlaceDetails newDetails, Instant now) {
        if (newDetails.equals(details)) {
            return Outcome.unchanged();
        }
        if (newDetails.status() != details.status()) {
            return Outcome.refused("The tiers-lieu " + id + " is " + details.status() + ": its status changes by"
                    + " opening or closing it, not by an update (and once open or closed, never back to PROJECT).");
        }
        List<String> changed = changedFields(details, newDetails);
        ThirdPlace next = next(newDetails, fabriqueLabel, networkFabriqueId, facilitators, certifiedFacilitators, now);
        // a label stored before its status followed the place's takes that status with this write
        compare(changed, "fabriqueLabel", fabriqueLabel, next.fabriqueLabel);
        return Outcome.changed(new Change(next, new ThirdPlaceUpdated(id, next.version, now, changed, next.toState())));
    }

    /**
     * Opens a project, or reopens a closed place. The opening date is the one given, else the one
     * already known, else today's; a project's planned date still to come gives way to today's,
     * since an open place opened on a day that has come. A label in force turns ACTIVE in the same write.
     */
    public Outcome<Change> open(LocalDate openedOn, Instant now) {
        if (details.status() == ThirdPlaceStatus.OPEN) {
            return Outcome.unchanged();
        }
        LocalDate today = LocalDate.ofInstant(now, FRANCE);
        LocalDate known = details.openedOn();
        LocalDate date = openedOn != null ? openedOn : known != null && !known.isAfter(today) ? known : today;
        ThirdPlace next = next(details.with(ThirdPlaceStatus.OPEN, date), fabriqueLabel, networkFabriqueId,
                facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next, new ThirdPlaceOpened(id, next.version, now, next.toState())));
    }

    /**
     * Closes it (a project's opening date still to come is dropped); refused while it holds a
     * Fabrique label in force: withdrawing the label is the national structure's decision (and
     * waits for its network to be empty), and a closed place is not a Fabrique.
     */
    public Outcome<Change> close(Instant now) {
        if (details.status() == ThirdPlaceStatus.CLOSED) {
            return Outcome.unchanged();
        }
        if (isFabrique()) {
            return Outcome.refused("The tiers-lieu " + id + " is a labelled Fabrique: the national structure"
                    + " withdraws its label (once its network has no members) before it can be closed.");
        }
        // a project closed before its planned opening day never opened: no opening date to come on a closed place
        LocalDate openedOn = details.openedOn();
        if (openedOn != null && openedOn.isAfter(LocalDate.ofInstant(now, FRANCE))) {
            openedOn = null;
        }
        ThirdPlace next = next(details.with(ThirdPlaceStatus.CLOSED, openedOn), fabriqueLabel,
                networkFabriqueId, facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next, new ThirdPlaceClosed(id, next.version, now, next.toState())));
    }

    /**
     * Labels it Fabrique de territoire, or changes the terms of its label: LABELLED for a project,
     * ACTIVE for an open place ({@link FabriqueLabel#forPlace}).
     */
    public Outcome<Change> label(FabriqueLabel.Track track, int wave, int year, long yearlyGrantEur, Instant now) {
        FabriqueLabel label = new FabriqueLabel(track, wave, year, yearlyGrantEur, FabriqueLabel.Status.LABELLED)
                .forPlace(details.status());
        if (isFabrique() && fabriqueLabel.equals(label)) {
            return Outcome.unchanged();
        }
        if (details.status() == ThirdPlaceStatus.CLOSED) {
            return Outcome.refused("The tiers-lieu " + id + " is closed: reopen it before labelling it.");
        }
        if (networkFabriqueId != null) {
            return Outcome.refused("The tiers-lieu " + id + " is a member of the network of the Fabrique "
                    + networkFabriqueId + "; remove it from that network before labelling it.");
        }
        ThirdPlace next = next(details, label, null, facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next, new ThirdPlaceFabriqueLabelled(id, next.version, now, next.toState())));
    }

    /**
     * Withdraws its label, which is kept with status WITHDRAWN; refused while its network has members,
     * and for a place that never had one (a wrong id, not a withdrawal already made).
     */
    public Outcome<Change> withdrawLabel(long networkMembers, Instant now) {
        if (fabriqueLabel == null) {
            return Outcome.refused("The tiers-lieu " + id + " has never had a Fabrique label: there is none to withdraw.");
        }
        if (!isFabrique()) {
            return Outcome.unchanged();
        }
        if (networkMembers > 0) {
            return Outcome.refused("The network of the Fabrique " + id + " still has " + networkMembers
                    + " member(s): remove them before withdrawing the label.");
        }
        ThirdPlace next = next(details, fabriqueLabel.withStatus(FabriqueLabel.Status.WITHDRAWN), networkFabriqueId,
                facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next,
                new ThirdPlaceFabriqueLabelWithdrawn(id, next.version, now, next.toState())));
    }

    /**
     * Puts back the label a withdrawal replaced, when that withdrawal turns out to have raced a
     * place joining the network (the caller writes it only over the version the withdrawal
     * wrote); a label in force is left as it is.
     */
    public Outcome<Change> restoreLabel(FabriqueLabel withdrawn, Instant now) {
        if (isFabrique() || withdrawn == null || !withdrawn.inForce()) {
            return Outcome.unchanged();
        }
        ThirdPlace next = next(details, withdrawn, networkFabriqueId, facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next, new ThirdPlaceFabriqueLabelled(id, next.version, now, next.toState())));
    }

    /** Joins the network of {@code fabrique}; a place belongs to at most one network. */
    public Outcome<Change> joinNetwork(ThirdPlace fabrique, Instant now) {
        if (fabrique.id.equals(id)) {
            return Outcome.refused("A Fabrique is not a member of its own network.");
        }
        if (fabrique.id.equals(networkFabriqueId)) { // the retry of an addition answers as the addition did
            return Outcome.unchanged();
        }
        if (!fabrique.isFabrique()) {
            return Outcome.refused("The tiers-lieu " + fabrique.id
                    + " is not a labelled Fabrique: only a Fabrique has a network.");
        }
        if (fabrique.details.status() == ThirdPlaceStatus.CLOSED) {
            // only a Fabrique closed before closures waited for the label's withdrawal is still labelled
            return Outcome.refused("The Fabrique " + fabrique.id + " is closed: its network takes no new members.");
        }
        if (networkFabriqueId != null) {
            return Outcome.refused("The tiers-lieu " + id + " is already in the network of the Fabrique "
                    + networkFabriqueId + "; a place belongs to one network at most: remove it from there first.");
        }
        if (isFabrique()) {
            return Outcome.refused("The tiers-lieu " + id + " is itself a Fabrique: it leads its own network.");
        }
        ThirdPlace next = next(details, fabriqueLabel, fabrique.id, facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next,
                new ThirdPlaceNetworkJoined(id, next.version, now, fabrique.id, next.toState())));
    }

    /** Leaves the network of {@code fabriqueId}; not being in it changes nothing. */
    public Outcome<Change> leaveNetwork(String fabriqueId, Instant now) {
        if (!fabriqueId.equals(networkFabriqueId)) {
            return Outcome.unchanged();
        }
        ThirdPlace next = next(details, fabriqueLabel, null, facilitators, certifiedFacilitators, now);
        return Outcome.changed(new Change(next,
                new ThirdPlaceNetworkLeft(id, next.version, now, fabriqueId, next.toState())));
    }

    /** Sets the facilitator counts, which are derived from the facilitators working here. */
    public Outcome<Change> countFacilitators(int total, int certified, Instant now) {
        if (total < 0 || certified < 0 || certified > total) {
            throw new IllegalArgumentException("facilitator counts must satisfy 0 <= certified <= total");
        }
        if (total == facilitators && certified == certifiedFacilitators) {
            return Outcome.unchanged();
        }
        ThirdPlace next = next(details, fabriqueLabel, networkFabriqueId, total, certified, now);
        return Outcome.changed(new Change(next,
                new ThirdPlaceFacilitatorsChanged(id, next.version, now, next.toState())));
    }

    /** The state other services see: no personal data. */
    public ThirdPlaceState toState() {
        CommuneRef commune = details.commune();
        return new ThirdPlaceState(id, version, details.name(), details.operatorId(), details.address(),
                details.postalCode(), commune.code(), commune.name(), commune.departement(), commune.region(),
                commune.metropoleCode(), commune.sizeClass(), details.latitude(), details.longitude(),
                details.typologies().stream().map(Enum::name).sorted().toList(), details.services(),
                details.status().name(),
                details.surfaceM2(), details.qpvCode(), details.openedOn(),
                fabriqueLabel == null ? null : fabriqueLabel.toState(), networkFabriqueId, facilitators,
                certifiedFacilitators, updatedAt);
    }

    /** The next version; its label's status follows its status, whatever the change. */
    private ThirdPlace next(ThirdPlaceDetails newDetails, FabriqueLabel label, String network, int total,
                            int certified, Instant now) {
        return new ThirdPlace(id, version + 1, newDetails, label == null ? null : label.forPlace(newDetails.status()),
                network, total, certified, sourceRef, sourceFields, registeredAs, createdAt, now);
    }

    /** The properties of the published state ({@link ThirdPlaceState}) that differ, by their names there. */
    private static List<String> changedFields(ThirdPlaceDetails before, ThirdPlaceDetails after) {
        List<String> changed = new ArrayList<>();
        CommuneRef was = before.commune();
        CommuneRef is = after.commune();
        compare(changed, "name", before.name(), after.name());
        compare(changed, "operatorId", before.operatorId(), after.operatorId());
        compare(changed, "address", before.address(), after.address());
        compare(changed, "postalCode", before.postalCode(), after.postalCode());
        compare(changed, "communeCode", was.code(), is.code());
        compare(changed, "communeName", was.name(), is.name());
        compare(changed, "departement", was.departement(), is.departement());
        compare(changed, "region", was.region(), is.region());
        compare(changed, "metropoleCode", was.metropoleCode(), is.metropoleCode());
        compare(changed, "sizeClass", was.sizeClass(), is.sizeClass());
        compare(changed, "latitude", before.latitude(), after.latitude());
        compare(changed, "longitude", before.longitude(), after.longitude());
        compare(changed, "typologies", before.typologies(), after.typologies());
        compare(changed, "services", before.services(), after.services());
        compare(changed, "surfaceM2", before.surfaceM2(), after.surfaceM2());
        compare(changed, "qpvCode", before.qpvCode(), after.qpvCode());
        compare(changed, "openedOn", before.openedOn(), after.openedOn());
        return changed;
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }
}
