package fr.maillage.registry.domain;


import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A facilitator (animateur, animatrice) working at a tiers-lieu, with their certifications. The id
 * is pseudonymous; the person (names, contacts) is personal data that stays in the registry's
 * own store and is removed by erasure. Nothing about one facilitator is published: the place's
 * events and state carry its counts only.
 */
public record Facilitator(String id, long version, String thirdPlaceId, Person person,
                          List<Certification> certifications, Instant createdAt, Instant updatedAt,
                          Instant erasedAt) {

    public Facilitator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        certifications = certifications == null ? List.of() : List.copyOf(certifications);
        if (erasedAt == null) {
            Objects.requireNonNull(person, "person");
        }
    }

    /** Personal data. */
    public record Person(String firstName, String lastName, String email, String phone) {
        public Person {
            Objects.requireNonNull(firstName, "firstName");
            Objects.requireNonNull(lastName, "lastName");
        }
    }

    /** A certified training, e.g. « Animateur de tiers-lieux », 140 hours. */
    public record Certification(String name, int hours, LocalDate certifiedOn) {
        public Certification {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(certifiedOn, "certifiedOn");
            if (hours < 1) {
                throw new IllegalArgumentException("hours must be at least 1");
            }
        }
    }

    /**
     * A change of a facilitator. It publishes nothing: an event about one facilitator, however
     * pseudonymous, names their tiers-lieu, and a place's facilitator is often on its website; what
     * other services need are the place's counts, which its own events carry.
     */
    public record Change(Facilitator facilitator) {
    }

    public static Change register(String id, String thirdPlaceId, Person person, Instant now) {
        Facilitator facilitator = new Facilitator(id, 1, thirdPlaceId, person, List.of(), now, now, null);
        return new Change(facilitator);
    }

    public boolean erased() {
        return erasedAt != null;
    }

    public boolean certified() {
        return !certifications.isEmpty();
    }

    public int trainingHours() {
        return certifications.stream().mapToInt(Certification::hours).sum();
    }

    /**
     * Certifications kept for one facilitator at most: far more than a career holds, and the
     * facilitator's document (rewritten whole by every change, erasure included) stays small.
     */
    public static final int MAX_CERTIFICATIONS = 100;

    /** Records a certification; the same one again (name, date and hours) changes nothing, other hours are refused. */
    public Outcome<Change> certify(Certification certification, Instant now) {
        if (erased()) {
            return Outcome.refused("The facilitator " + id + " was erased: nothing more can be recorded for them.");
        }
        for (Certification known : certifications) {
            if (known.name().equals(certification.name()) && known.certifiedOn().equals(certification.certifiedOn())) {
                return known.equals(certification) ? Outcome.unchanged()
                        : Outcome.refused("The certification '" + certification.name() + "' of "
                        + certification.certifiedOn() + " is already recorded with " + known.hours() + " hours.");
            }
        }
        if (certifications.size() >= MAX_CERTIFICATIONS) {
            return Outcome.refused("The facilitator " + id + " already has " + MAX_CERTIFICATIONS
                    + " certifications, the most recorded for one person.");
        }
        List<Certification> all = new ArrayList<>(certifications);
        all.add(certification);
        Facilitator next = new Facilitator(id, version + 1, thirdPlaceId, person, all, createdAt, now, null);
        return Outcome.changed(new Change(next));
    }

    /**
     * Erases the personal data, and the certifications that could single the person out; the
     * pseudonymous id and the place remain, so that the erasure itself is on record.
     */
    public Outcome<Change> erase(Instant now) {
        if (erased()) {
            return Outcome.unchanged();
        }
        Facilitator next = new Facilitator(id, version + 1, thirdPlaceId, null, List.of(), createdAt, now, now);
        return Outcome.changed(new Change(next));
    }
}
