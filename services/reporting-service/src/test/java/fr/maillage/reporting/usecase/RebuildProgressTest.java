package fr.maillage.reporting.usecase;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildProgressTest {

    // a partition whose topic was compacted or trimmed begins past 0: only what is after begin is replayed
    private final Map<String, long[]> targets = Map.of(
            "activity-0", new long[]{0, 100},
            "activity-1", new long[]{40, 90},
            "registry-0", new long[]{7, 7});

    @Test
    void nothingIsReplayedBeforeTheConsumersSaveAPosition() {
        var progress = RebuildProjections.progress(targets, Map.of());

        assertThat(progress.replayed()).isZero();
        assertThat(progress.caughtUp()).isFalse();
    }

    @Test
    void eachPartitionCountsFromItsBeginAndNoFurtherThanItsEnd() {
        var progress = RebuildProjections.progress(targets, Map.of("activity-0", 30L, "activity-1", 60L));

        assertThat(progress.replayed()).isEqualTo(30 + 20);
        assertThat(progress.caughtUp()).isFalse();

        // records that came after the rebuild started are the live consumers' part, not counted here
        var past = RebuildProjections.progress(targets, Map.of("activity-0", 130L, "activity-1", 95L));
        assertThat(past.replayed()).isEqualTo(100 + 50);
        assertThat(past.caughtUp()).as("an empty partition is caught up from the start").isTrue();
    }

    @Test
    void aPositionBeforeTheBeginCountsNothing() {
        var progress = RebuildProjections.progress(targets, Map.of("activity-1", 10L, "activity-0", 100L));

        assertThat(progress.replayed()).isEqualTo(100);
        assertThat(progress.caughtUp()).isFalse();
    }
}
