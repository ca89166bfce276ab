package fr.maillage.messaging;

import java.util.List;

/**
 * Applies a batch of events to a store. The batch may contain events already applied (after a
 * crash, a redelivery or a republish): the handler must make them harmless, typically by guarding
 * each update with the applied offset per source partition or with the aggregate version.
 * Throwing means "the store is unavailable": the batch is retried later, nothing is dead-lettered.
 */
@FunctionalInterface
public interface EventHandler {
    void apply(List<ReceivedEvent> batch);
}
