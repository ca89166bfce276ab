package fr.maillage.events;

import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.registry.RegistryEvents;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The catalogue of every event type of every service. */
public final class Contracts {

    public static final List<EventType<?>> ALL = Stream.of(RegistryEvents.ALL, ActivityEvents.ALL, PartnershipEvents.ALL)
            .flatMap(List::stream)
            .toList();

    private static final Map<String, EventType<?>> BY_CE_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    /** Each payload record is carried by one type (checked here, when the catalogue loads). */
    private static final Map<Class<?>, EventType<?>> BY_PAYLOAD = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

    /**
     * A type no producer publishes any more, whose records stay on its topic: readers skip them
     * knowingly (they are not a newer producer's), and the catalogue lists them.
     */
    public record Retired(String ceType, String topic, String releasedSchema, String why) {
    }

    public static final List<Retired> RETIRED = List.of(
            retiredFacilitatorEvent("registered"), retiredFacilitatorEvent("certified"), retiredFacilitatorEvent("erased"));

    private static final Set<String> RETIRED_CE_TYPES = RETIRED.stream().map(Retired::ceType).collect(Collectors.toUnmodifiableSet());

    private static Retired retiredFacilitatorEvent(String action) {
        return new Retired("fr.maillage.registry.facilitator." + action + ".v1", "maillage.registry.events.v1",
                "registry/facilitator." + action + ".v1.schema.json",
                "retired on 2026-12-02: keyed by a facilitator's pseudonymous id, they named the facilitator's tiers-lieu"
                        + " and kept certifications on the topic after an erasure; the tiers-lieu's events carry its counts");
    }

    private Contracts() {
    }

    /** Whether records of this type are a retired type's (see {@link #RETIRED}). */
    public static boolean isRetired(String ceType) {
        return RETIRED_CE_TYPES.contains(ceType);
    }

    /** The type that carries this payload, so that a producer cannot pair a record with another type. */
    @SuppressWarnings("unchecked")
    public static <T> EventType<T> ofPayload(T payload) {
        EventType<?> type = BY_PAYLOAD.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("No event type carries " + payload.getClass().getName());
        }
        return (EventType<T>) type;
    }

    public static Optional<EventType<?>> byCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }
}
