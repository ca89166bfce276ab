package fr.maillage.partnership.domain;

import fr.maillage.events.partnership.OccupancyAgreementSigned;
import fr.maillage.events.partnership.PremisesApplicationDeclined;
import fr.maillage.events.partnership.PremisesApplicationReceived;
import fr.maillage.events.partnership.PremisesEvent;
import fr.maillage.events.partnership.PremisesOffered;
import fr.maillage.events.partnership.PremisesReserved;
import fr.maillage.events.partnership.PremisesState;
import fr.maillage.events.partnership.PremisesWithdrawn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Premises a local authority makes available, with the applications they received. Each command
 * returns an {@link Outcome}: the next state and its events, a repeat that changes nothing, or a
 * refusal; {@link PremisesStatus} decides which transitions exist.
 */
public record Premises(String id, long version, String offeredBy, Offer offer, PremisesStatus status,
                       List<PremisesApplication> applications, String reservedApplicationId, Agreement agreement,
                       Instant createdAt, Instant updatedAt) {

    /** Bounds the document: a call for projects rarely gets more than a few dozen answers. */
    public static final int MAX_APPLICATIONS = 200;

    /** Offers' dates are French calendar days. */
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    public Premises {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(offeredBy, "offeredBy");
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(status, "status");
        applications = applications == null ? List.of() : List.copyOf(applications);
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    /**
     * New premises, offered until the last day of the offer: nobody could apply for an offer whose last
     * day is already past.
     *
     * @throws DomainViolation on availableUntil when that day is before today (Paris date)
     */
    public static Outcome.Changed offer(String id, String offeredBy, Offer offer, Instant now) {
        LocalDate today = today(now);
        if (offer.endedBefore(today)) {
            throw new DomainViolation("availableUntil", "must not be before today (" + today + ")");
        }
        // an agreement lasts a month at least: a shorter window could be reserved, its other
        // applications declined, and then never signed (checked on new offers only, not stored ones)
        LocalDate shortestAgreementEnds = Agreement.lastDay(offer.availableFrom(), 1);
        if (offer.availableUntil() != null && shortestAgreementEnds.isAfter(offer.availableUntil())) {
            throw new DomainViolation("availableUntil", "must leave room for an occupancy agreement of one month at"
                    + " least from availableFrom (" + offer.availableFrom() + "): " + shortestAgreementEnds + " or later");
        }
        Premises premises = new Premises(id, 1, offeredBy, offer, PremisesStatus.OFFERED, List.of(), null, null, now, now);
        return new Outcome.Changed(premises, List.of(new PremisesOffered(id, 1, now, premises.toState())));
    }

    /**
     * An organisation applies, until the last day of the offer; a repeat of the same application
     * (same id, organisation, project) changes nothing, even after that day.
     */
    public Outcome apply(String applicationId, String organisationId, String project, Instant now) {
        Optional<PremisesApplication> existing = application(applicationId);
        if (existing.isPresent()) {
            return existing.get().sameAs(organisationId, project) ? new Outcome.Unchanged(this)
                    : refused(Outcome.Reason.APPLICATION_ID_TAKEN, "applicationId", "The application id "
                    + applicationId + " is already used for another application to these premises; choose another id.");
        }
        if (!status.canMoveTo(PremisesStatus.APPLIED)) {
            return illegal("apply for");
        }
        if (offer.endedBefore(today(now))) {
            return refused(Outcome.Reason.OFFER_ENDED, null, "The offer of premises " + id + " ended on "
                    + offer.availableUntil() + ": they take no more applications.");
        }
        Optional<PremisesApplication> waiting = applications.stream()
                .filter(a -> a.organisationId().equals(organisationId) && a.status() == ApplicationStatus.PENDING)
                .findFirst();
        if (waiting.isPresent()) {
            return refused(Outcome.Reason.ALREADY_APPLIED, null, "Organisation " + organisationId
                    + " already has application " + waiting.get().id() + " waiting for these premises.");
        }
        if (applications.size() >= MAX_APPLICATIONS) {
            return refused(Outcome.Reason.TOO_MANY_APPLICATIONS, null, "These premises already received "
                    + MAX_APPLICATIONS + " applications, the most they accept.");
        }
        List<PremisesApplication> all = new ArrayList<>(applications);
        all.add(new PremisesApplication(applicationId, organisationId, project, ApplicationStatus.PENDING, now, null));
        Premises next = next(PremisesStatus.APPLIED, all, null, null, now);
        return new Outcome.Changed(next, List.of(new PremisesApplicationReceived(id, next.version, now, applicationId,
                organisationId, next.toState())));
    }

    /**
     * The authority chooses one application; every other waiting application is declined. The same
     * reservation again changes nothing, also once the agreement is signed with it (the retry of a
     * reservation whose answer was lost).
     */
    public Outcome reserve(String applicationId, Instant now) {
        if (applicationId.equals(reservedApplicationId)
                && (status == PremisesStatus.RESERVED || status == PremisesStatus.AGREEMENT_SIGNED)) {
            return new Outcome.Unchanged(this);
        }
        if (!status.canMoveTo(PremisesStatus.RESERVED)) {
            return illegal("reserve");
        }
        Optional<PremisesApplication> chosen = application(applicationId);
        if (chosen.isEmpty()) {
            return unknownApplication(applicationId);
        }
        if (chosen.get().status() != ApplicationStatus.PENDING) {
            return refused(Outcome.Reason.ILLEGAL_TRANSITION, "applicationId", "Application " + applicationId
                    + " is " + chosen.get().status() + " and can no longer be reserved.");
        }
        List<PremisesApplication> decided = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        for (PremisesApplication application : applications) {
            if (application.id().equals(applicationId)) {
                decided.add(application.decided(ApplicationStatus.RESERVED, now));
            } else if (application.status() == ApplicationStatus.PENDING) {
                decided.add(application.decided(ApplicationStatus.DECLINED, now));
                declined.add(application.id());
            } else {
                decided.add(application);
            }
        }
        Premises next = next(PremisesStatus.RESERVED, decided, applicationId, null, now);
        List<PremisesEvent> events = new ArrayList<>();
        events.add(new PremisesReserved(id, next.version, now, applicationId, next.toState()));
        return new Outcome.Changed(declining(next, declined, events, now), events);
    }

    /** The authority signs the occupancy agreement with the reserved application. */
    public Outcome signAgreement(Agreement signed, Instant now) {
        if (status == PremisesStatus.AGREEMENT_SIGNED && signed.equals(agreement)) {
            return new Outcome.Unchanged(this);
        }
        if (!status.canMoveTo(PremisesStatus.AGREEMENT_SIGNED)) {
            return illegal("sign an agreement for");
        }
        if (!signed.applicationId().equals(reservedApplicationId)) {
            return application(signed.applicationId()).isEmpty() ? unknownApplication(signed.applicationId())
                    : refused(Outcome.Reason.NOT_THE_RESERVED_APPLICATION, "applicationId", "The premises are reserved for application "
                    + reservedApplicationId + "; the agreement is signed with that application.");
        }
        if (!offer.terms().hasRent() && signed.monthlyRentEur() != 0) {
            return refused(Outcome.Reason.INVALID_AGREEMENT, "monthlyRentEur", "must be 0: the premises are offered FREE");
        }
        if (offer.terms().hasRent() && signed.monthlyRentEur() <= 0) {
            return refused(Outcome.Reason.INVALID_AGREEMENT, "monthlyRentEur", "must be above 0: the premises are offered "
                    + offer.terms() + " (for a free occupancy, withdraw them and offer them FREE)");
        }
        if (signed.startsOn().isBefore(offer.availableFrom())) {
            return refused(Outcome.Reason.INVALID_AGREEMENT, "startsOn", "must not be before the premises are available ("
                    + offer.availableFrom() + ")");
        }
        if (offer.availableUntil() != null && signed.startsOn().isAfter(offer.availableUntil())) {
            return refused(Outcome.Reason.INVALID_AGREEMENT, "startsOn", "must not be after the premises stop being available ("
                    + offer.availableUntil() + ")");
        }
        if (offer.availableUntil() != null && signed.lastDay().isAfter(offer.availableUntil())) {
            return refused(Outcome.Reason.INVALID_AGREEMENT, "months", "the agreement would end on " + signed.lastDay()
                    + ", after the premises stop being available (" + offer.availableUntil() + ")");
        }
        Premises next = next(PremisesStatus.AGREEMENT_SIGNED, applications, reservedApplicationId, signed, now);
        return new Outcome.Changed(next, List.of(new OccupancyAgreementSigned(id, next.version, now,
                signed.applicationId(), signed.startsOn(), signed.months(), signed.monthlyRentEur(), next.toState())));
    }

    /** The authority takes the premises back; waiting and reserved applications are declined. */
    public Outcome withdraw(Instant now) {
        if (status == PremisesStatus.WITHDRAWN) {
            return new Outcome.Unchanged(this);
        }
        if (!status.canMoveTo(PremisesStatus.WITHDRAWN)) {
            return illegal("withdraw");
        }
        List<PremisesApplication> decided = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        for (PremisesApplication application : applications) {
            if (application.status() == ApplicationStatus.DECLINED) {
                decided.add(application);
            } else {
                decided.add(application.decided(ApplicationStatus.DECLINED, now));
                declined.add(application.id());
            }
        }
        Premises next = next(PremisesStatus.WITHDRAWN, decided, null, null, now);
        List<PremisesEvent> events = new ArrayList<>();
        events.add(new PremisesWithdrawn(id, next.version, now, next.toState()));
        return new Outcome.Changed(declining(next, declined, events, now), events);
    }

    public Optional<PremisesApplication> application(String applicationId) {
        return applications.stream().filter(a -> a.id().equals(applicationId)).findFirst();
    }

    /** The state other services see: no project texts. */
    public PremisesState toState() {
        CommuneRef commune = offer.commune();
        return new PremisesState(id, version, offeredBy, commune.code(), commune.name(), commune.departement(),
                commune.region(), offer.address(), offer.surfaceM2(), offer.kind().name(), offer.terms().name(),
                offer.monthlyRentEur(), offer.availableFrom(), offer.availableUntil(), status.name(),
                applications.size(), reservedApplicationId, updatedAt);
    }

    /**
     * Adds an event per declined application, each with a version of its own after the change's
     * first event (a consumer that sees two events of one version takes the second for a replay);
     * answers the premises at the last of those versions.
     */
    private static Premises declining(Premises changed, List<String> declined, List<PremisesEvent> events, Instant now) {
        Premises current = changed;
        for (String application : declined) {
            current = new Premises(current.id, current.version + 1, current.offeredBy, current.offer, current.status,
                    current.applications, current.reservedApplicationId, current.agreement, current.createdAt, now);
            events.add(new PremisesApplicationDeclined(current.id, current.version, now, application, current.toState()));
        }
        return current;
    }

    /**
     * Whether the offer ended while the premises still took applications: their status stays
     * OFFERED or APPLIED (nothing happens to them on that day), but they take no more applications.
     */
    public boolean offerEnded(Instant now) {
        return (status == PremisesStatus.OFFERED || status == PremisesStatus.APPLIED) && offer.endedBefore(today(now));
    }

    /** The day it is in France, which offers' and agreements' dates are in. */
    public static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, FRANCE);
    }

    private Premises next(PremisesStatus target, List<PremisesApplication> nextApplications, String reserved,
                          Agreement nextAgreement, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new IllegalStateException(status + " → " + target + " is not a transition of premises");
        }
        return new Premises(id, version + 1, offeredBy, offer, target, nextApplications, reserved,
                nextAgreement != null ? nextAgreement : agreement, createdAt, now);
    }

    private Outcome illegal(String action) {
        return refused(Outcome.Reason.ILLEGAL_TRANSITION, null, "Cannot " + action + " premises " + id
                + " in status " + status + (status.isFinal() ? " (final)." : " (next possible: " + status.next() + ")."));
    }

    private Outcome unknownApplication(String applicationId) {
        return refused(Outcome.Reason.UNKNOWN_APPLICATION, "applicationId", "No application " + applicationId
                + " to premises " + id + ".");
    }

    private Outcome refused(Outcome.Reason reason, String field, String detail) {
        return new Outcome.Refused(this, reason, field, detail);
    }
}
