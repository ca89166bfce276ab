package fr.maillage.activity.domain;

/** What became of one submitted item. */
public enum Status {
    /** Published to Kafka (and acknowledged). */
    ACCEPTED,
    /** Already published with this revision and content: nothing was published again. */
    DUPLICATE,
    /** Refused, with a reason; nothing was published. */
    REJECTED
}
