package fr.maillage.partnership.domain;

import fr.maillage.events.partnership.PremisesEvent;

import java.util.List;

/** What a command did to premises: changed them (with the events), nothing (a repeat), or refused. */
public sealed interface Outcome permits Outcome.Changed, Outcome.Unchanged, Outcome.Refused {

    Premises premises();

    record Changed(Premises premises, List<PremisesEvent> events) implements Outcome {
        public Changed {
            events = List.copyOf(events);
        }
    }

    /** The same command was already applied: no new version, no event. */
    record Unchanged(Premises premises) implements Outcome {
    }

    record Refused(Premises premises, Reason reason, String field, String detail) implements Outcome {
    }

    enum Reason {
        /** The state machine does not allow the command in the current status. */
        ILLEGAL_TRANSITION,
        UNKNOWN_APPLICATION,
        /** An application id already used for another project or organisation. */
        APPLICATION_ID_TAKEN,
        /** The organisation already has an application waiting for these premises. */
        ALREADY_APPLIED,
        TOO_MANY_APPLICATIONS,
        /** The offer's last day (availableUntil) is past: no new application. */
        OFFER_ENDED,
        /** The agreement names an application other than the reserved one. */
        NOT_THE_RESERVED_APPLICATION,
        /** The agreement does not fit the offer (rent, dates). */
        INVALID_AGREEMENT
    }
}
