package fr.maillage.reporting.usecase;

import com.mongodb.MongoTimeoutException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed rebuild's status is read through the API: it says what failed, not the exception's internals. */
class RebuildFailureTest {

    @Test
    void aFailureIsNamedInWordsWithoutTheExceptionsClassOrHosts() {
        var store = new IllegalStateException("The write making generation 3 live failed",
                new MongoTimeoutException("Timed out while waiting for a server. Client view of cluster state is"
                        + " {type=UNKNOWN, servers=[{address=mongodb-0.mongodb:27017, type=UNKNOWN}]"));
        var kafka = new TimeoutException("Timed out waiting for a node assignment. Call: listOffsets on kafka-0:9092");

        assertThat(RebuildProjections.reasonOf(store)).isEqualTo("the reporting store could not be read or written");
        assertThat(RebuildProjections.reasonOf(kafka)).isEqualTo("the event streams could not be read from Kafka");
        assertThat(RebuildProjections.reasonOf(new NullPointerException("state.places is null")))
                .isEqualTo("an unexpected error stopped it");
    }
}
