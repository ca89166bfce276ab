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

    private Contracts() {
    }

    public static Optional<EventType<?>> byCeType(String ceType) {
        return Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }
}
