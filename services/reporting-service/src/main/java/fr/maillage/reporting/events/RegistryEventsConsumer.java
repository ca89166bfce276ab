package fr.maillage.reporting.events;

import fr.maillage.events.registry.ThirdPlaceEvent;
import fr.maillage.events.registry.ThirdPlaceState;
import fr.maillage.messaging.EventHandler;
import fr.maillage.messaging.ReceivedEvent;
import fr.maillage.reporting.store.ThirdPlaceProjection;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects the registry's events. Every tiers-lieu event, whatever its type (registered, updated,
 * labelled, joined a network …), carries the place's full state: the newest version wins.
 */
class RegistryEventsConsumer implements EventHandler {

    private final ThirdPlaceProjection places;

    RegistryEventsConsumer(ThirdPlaceProjection places) {
        this.places = places;
    }

    @Override
    public void apply(List<ReceivedEvent> batch) {
        Map<String, ThirdPlaceState> latest = new LinkedHashMap<>();
        Instant time = null;
        for (ReceivedEvent event : batch) {
            if (event.payload() instanceof ThirdPlaceEvent placeEvent) {
                on(placeEvent, latest);
                time = time == null || event.event().time().isAfter(time) ? event.event().time() : time;
            }
        }
        if (!latest.isEmpty()) {
            places.apply(latest.values(), time);
        }
    }

    /** Keeps only the newest state per place in the batch: a thousand changes become one write. */
    private static void on(ThirdPlaceEvent event, Map<String, ThirdPlaceState> latest) {
        latest.merge(event.thirdPlaceId(), event.place(), (a, b) -> a.version() >= b.version() ? a : b);
    }
}
