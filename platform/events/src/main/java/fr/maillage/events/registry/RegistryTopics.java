package fr.maillage.events.registry;

/** The topics the registry produces. */
public final class RegistryTopics {
    /** What happened, kept forever, keyed by tiers-lieu or organisation id. */
    public static final String EVENTS = "maillage.registry.events.v1";
    /**
     * Compacted: the latest full state of each tiers-lieu and organisation, for replicas, keyed by
     * {@link #thirdPlaceStateKey} and {@link #organisationStateKey}.
     */
    public static final String STATE = "maillage.registry.state.v1";

    private RegistryTopics() {
    }

    /**
     * The key of a tiers-lieu's state: its kind and id, since a tiers-lieu and an organisation may
     * have the same id (both chosen by clients), and compaction keeps one record per key.
     */
    public static String thirdPlaceStateKey(String thirdPlaceId) {
        return "third-place:" + thirdPlaceId;
    }

    /** The key of an organisation's state: its kind and id (see {@link #thirdPlaceStateKey}). */
    public static String organisationStateKey(String organisationId) {
        return "organisation:" + organisationId;
    }
}
