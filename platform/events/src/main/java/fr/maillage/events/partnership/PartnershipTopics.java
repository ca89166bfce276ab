package fr.maillage.events.partnership;

/** The topics the partnership-service produces. */
public final class PartnershipTopics {
    /** Premises and fund events, keyed by premises or fund id, kept forever. */
    public static final String EVENTS = "maillage.partnership.events.v1";

    private PartnershipTopics() {
    }
}
