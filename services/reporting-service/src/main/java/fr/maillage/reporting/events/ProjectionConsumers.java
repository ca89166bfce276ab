package fr.maillage.reporting.events;

import fr.maillage.events.activity.ActivityTopics;
import fr.maillage.events.partnership.PartnershipTopics;
import fr.maillage.events.registry.RegistryTopics;
import fr.maillage.messaging.Checkpoints;
import fr.maillage.messaging.DeadLetters;
import fr.maillage.messaging.EventConsumer;
import fr.maillage.messaging.KafkaSettings;
import fr.maillage.reporting.store.ProjectionSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the consumers that feed one generation of projections: one per upstream stream, named
 * after the generation so that each generation has its own checkpoints and consumer group.
 * A generation's consumers replay what the previous generation's read (a rebuild starts from
 * offset zero while those are live): the poison records those dead-lettered are not sent again.
 */
public final class ProjectionConsumers {

    /** Every stream reporting reads. */
    public static final List<String> TOPICS = List.of(RegistryTopics.EVENTS, ActivityTopics.EVENTS, PartnershipTopics.EVENTS);

    static final String REGISTRY = "reporting-registry-events";
    static final String ACTIVITY = "reporting-activity-events";
    static final String PARTNERSHIP = "reporting-partnership-events";
    /**
     * Events per batch at most. A batch's events stay alive until it is written, and the three
     * activity consumers each have one under way: with 2,000 a rebuild cost reporting 51 s of CPU
     * instead of 41 and ran 8–10 % slower (docs/performance.md, sixteenth session).
     */
    private static final int BATCH = 1000;

    private final KafkaSettings settings;
    private final Checkpoints checkpoints;
    private final DeadLetters deadLetters;
    private final int activityConsumers;

    ProjectionConsumers(KafkaSettings settings, Checkpoints checkpoints, DeadLetters deadLetters, int activityConsumers) {
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.deadLetters = deadLetters;
        this.activityConsumers = activityConsumers;
    }

    public List<EventConsumer> create(ProjectionSet set) {
        String suffix = suffix(set.generation());
        List<EventConsumer> consumers = new ArrayList<>();
        consumers.add(replaying(new EventConsumer(REGISTRY + suffix, List.of(RegistryTopics.EVENTS), settings, BATCH,
                checkpoints, deadLetters, new RegistryEventsConsumer(set.places())), REGISTRY, set));
        EventConsumer.sharing(ACTIVITY + suffix, List.of(ActivityTopics.EVENTS), settings, BATCH, checkpoints,
                        deadLetters, new ActivityEventsConsumer(set.activity(), set.indicators()), activityConsumers)
                .forEach(consumer -> consumers.add(replaying(consumer, ACTIVITY, set)));
        consumers.add(replaying(new EventConsumer(PARTNERSHIP + suffix, List.of(PartnershipTopics.EVENTS), settings,
                BATCH, checkpoints, deadLetters, new PartnershipEventsConsumer(set.partnership())), PARTNERSHIP, set));
        return List.copyOf(consumers);
    }

    /**
     * A rebuild's generation is the live one's plus one. Once it is live itself, the previous
     * generation's checkpoints are gone (or stopped), so its consumers dead-letter what comes next.
     */
    private static EventConsumer replaying(EventConsumer consumer, String name, ProjectionSet set) {
        return set.generation() == 0 ? consumer : consumer.replaying(name + suffix(set.generation() - 1));
    }

    /** Where a generation's consumers stand: the next offset per source partition. */
    public Map<String, Long> positions(int generation) {
        Map<String, Long> positions = new HashMap<>();
        names(generation).forEach(name -> positions.putAll(checkpoints.positions(name)));
        return positions;
    }

    /** Forgets a generation's checkpoints, so that its names start again from offset zero. */
    void forget(int generation) {
        names(generation).forEach(checkpoints::reset);
    }

    private static List<String> names(int generation) {
        String suffix = suffix(generation);
        return List.of(REGISTRY + suffix, ACTIVITY + suffix, PARTNERSHIP + suffix);
    }

    private static String suffix(int generation) {
        return generation == 0 ? "" : "-rebuild-" + generation;
    }
}
