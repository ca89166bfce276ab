package fr.maillage.events.activity;

/** The topics the activity-service produces. */
public final class ActivityTopics {
    /** Activity facts published by Fabriques and tiers-lieux, keyed by tiers-lieu id, kept forever. */
    public static final String EVENTS = "maillage.activity.events.v1";

    private ActivityTopics() {
    }
}
