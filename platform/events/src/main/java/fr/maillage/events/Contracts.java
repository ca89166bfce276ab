package fr.maillage.events;

import fr.maillage.events.activity.ActivityEvents;
import fr.maillage.events.partnership.PartnershipEvents;
import fr.maillage.events.registry.RegistryEvents;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private Contracts() {
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
