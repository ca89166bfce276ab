package fr.maillage.events.registry;

/** The topics the registry produces. */
public final class RegistryTopics {
    /** What happened, kept forever, keyed by tiers-lieu or organisation id. */
    public static final String EVENTS = "maillage.registry.events.v1";
    /** Compacted: the latest full state of each tiers-lieu and organisation, for replicas. */
    public static final String STATE = "maillage.registry.state.v1";

    private RegistryTopics() {
    }
}
