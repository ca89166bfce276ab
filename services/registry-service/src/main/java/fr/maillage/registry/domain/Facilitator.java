package fr.maillage.registry.domain;


import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A facilitator (animateur, animatrice) working at a tiers-lieu, with their certifications and
 * their other trainings (a training that leads to no certification counts in the hours, not in
 * whether the facilitator is certified). The id
 * is pseudonymous; the person (names, contacts) is personal data that stays in the registry's
 * own store and is removed by erasure. Nothing about one facilitator is published: the place's
 * events and state carry its counts only.
 */
public record Facilitator(String id, long version, String thirdPlaceId, Person person,
                          List<Certification> certifications, List<Training> trainings, Instant createdAt,
                          Instant updatedAt, Instant erasedAt) {

    public Facilitator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(thirdPlaceId, "thirdPlaceId");
        certifications = certifications == null ? List.of() : List.copyOf(certifications);
        // facilitators stored before trainings were recorded have none
        trainings = trainings == null ? List.of() : List.copyOf(trainings);
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
    public record Certification(String name, int hours, LocalDate certifiedOn) implements Course {
        public Certification {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(certifiedOn, "certifiedOn");
            if (hours < 1) {
                throw new IllegalArgumentException("hours must be at least 1");
            }
        }

        @Override
        public LocalDate day() {
            return certifiedOn;
        }
    }

    /** A training followed without a certification, e.g. « Faciliter un atelier collaboratif », 14 hours. */
    public record Training(String name, int hours, LocalDate completedOn) implements Course {
        public Training {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(completedOn, "completedOn");
            if (hours < 1) {
                throw new IllegalArgumentException("hours must be at least 1");
            }
        }

        @Override
        public LocalDate day() {
            return completedOn;
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
        Facilitator facilitator = new Facilitator(id, 1, thirdPlaceId, person, List.of(), List.of(), now, now, null);
        return new Change(facilitator);
    }

    public boolean erased() {
        return erasedAt != null;
    }

    public boolean certified() {
        return !certifications.isEmpty();
    }

    /** The hours of every training followed, certified or not. */
    public int trainingHours() {
        return certifications.stream().mapToInt(Certification::hours).sum()
                + trainings.stream().mapToInt(Training::hours).sum();
    }

    /**
     * Certifications, and trainings, kept for one facilitator at most: far more than a career holds,
     * and the facilitator's document (rewritten whole by every change, erasure included) stays small.
     */
    public static final int MAX_CERTIFICATIONS = 100;
    public static final int MAX_TRAININGS = 100;

    /**
     * Records a certification; the same one again (name, date and hours) changes nothing, other hours
     * are refused. A training of the same name and day, recorded before it led to the certification,
     * is replaced by it: a course counts once.
     */
    public Outcome<Change> certify(Certification certification, Instant now) {
        List<Training> others = trainings.stream().filter(training -> !training.sameCourse(certification)).toList();
        return record(certifications, certification, "certification", MAX_CERTIFICATIONS,
                all -> new Facilitator(id, version + 1, thirdPlaceId, person, all, others, createdAt, now, null));
    }

    /**
     * Records a training; the same one again (name, date and hours) changes nothing, other hours are
     * refused, and so is one already recorded as a certification (a course counts once).
     */
    public Outcome<Change> train(Training training, Instant now) {
        if (!erased() && certifications.stream().anyMatch(training::sameCourse)) {
            return Outcome.refused("'" + training.name() + "' of " + training.day() + " is already recorded as a"
                    + " certification: a course is recorded once, as a certification when it led to one.");
        }
        return record(trainings, training, "training", MAX_TRAININGS,
                all -> new Facilitator(id, version + 1, thirdPlaceId, person, certifications, all, createdAt, now, null));
    }

    /** What certifications and trainings share: one of a name on a day, with its hours. */
    private interface Course {
        String name();

        int hours();

        LocalDate day();

        default boolean sameCourse(Course other) {
            return name().equals(other.name()) && day().equals(other.day());
        }
    }

    /** Adds a course to its list, unless it is there already. */
    private <T extends Course> Outcome<Change> record(List<T> recorded, T course, String kind, int most,
                                                      Function<List<T>, Facilitator> withAll) {
        if (erased()) {
            return Outcome.refused("The facilitator " + id + " was erased: nothing more can be recorded for them.");
        }
        for (T known : recorded) {
            if (known.sameCourse(course)) {
                return known.equals(course) ? Outcome.unchanged()
                        : Outcome.refused("The " + kind + " '" + course.name() + "' of " + course.day()
                        + " is already recorded with " + known.hours() + " hours.");
            }
        }
        if (recorded.size() >= most) {
            return Outcome.refused("The facilitator " + id + " already has " + most + " " + kind
                    + "s, the most recorded for one person.");
        }
        List<T> all = new ArrayList<>(recorded);
        all.add(course);
        return Outcome.changed(new Change(withAll.apply(all)));
    }

    /**
     * Erases the personal data, and the certifications and trainings that could single the person out; the
     * pseudonymous id and the place remain, so that the erasure itself is on record.
     */
    public Outcome<Change> erase(Instant now) {
        if (erased()) {
            return Outcome.unchanged();
        }
        Facilitator next = new Facilitator(id, version + 1, thirdPlaceId, null, List.of(), List.of(), createdAt, now,
                now);
        return Outcome.changed(new Change(next));
    }
}
