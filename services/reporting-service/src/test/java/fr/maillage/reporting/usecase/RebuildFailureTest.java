package fr.maillage.reporting.usecase;

import com.mongodb.MongoTimeoutException;
import fr.maillage.reporting.events.LiveConsumers;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed rebuild's status is read through the API: it says what failed, not the exception's internals. */
class RebuildFailureTest {

    @Test
    void aFailureIsNamedInWordsWithoutTheExceptionsClassOrHosts() {
        var store = new IllegalStateException("Cannot save the checkpoint",
                new MongoTimeoutException("Timed out while waiting for a server. Client view of cluster state is"
                        + " {type=UNKNOWN, servers=[{address=mongodb-0.mongodb:27017, type=UNKNOWN}]"));
        var kafka = new TimeoutException("Timed out waiting for a node assignment. Call: listOffsets on kafka-0:9092");

        assertThat(RebuildProjections.reasonOf(store)).isEqualTo("the reporting store could not be read or written");
        assertThat(RebuildProjections.reasonOf(kafka)).isEqualTo("the event streams could not be read from Kafka");
        assertThat(RebuildProjections.reasonOf(new NullPointerException("state.places is null")))
                .isEqualTo("an unexpected error stopped it");
    }

    /** What operations.md tells the operator to look for: which generation serves, and whether the store said. */
    @Test
    void aSwapThatLeftTheOldGenerationLiveSaysSoWithoutTheStoresMessage() {
        var undecided = new LiveConsumers.SwapFailed("The write making generation 4 live failed and the store cannot say"
                + " whether it was applied: generation 3 keeps serving until the store says",
                new MongoTimeoutException("Timed out … address=mongodb-0.mongodb:27017"));

        assertThat(RebuildProjections.reasonOf(undecided))
                .contains("generation 4 live failed").contains("generation 3 keeps serving").doesNotContain("27017");
    }
}
