package fr.maillage.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

    @Test
    void aStallOfAProbeThatWaitsForEachAnswerWeighsByHowLongItLasted() {
        Latencies corrected = new Latencies();
        Latencies raw = new Latencies();
        for (int i = 0; i < 196; i++) { // answers of 5 ms, probes due every 50 ms
            corrected.addWithExpectedInterval(5_000, 50_000);
            raw.add(5_000);
        }
        corrected.addWithExpectedInterval(400_000, 50_000); // one stall of 400 ms
        raw.add(400_000);

        // a probe sent every 50 ms would have met the stall 8 times: 400, 350 … 50 ms
        assertThat(corrected.count()).isEqualTo(196 + 8);
        assertThat(raw.percentileMillis(99)).as("uncorrected, the stall is one sample in 197").isEqualTo(5.0);
        assertThat(corrected.percentileMillis(99)).as("the 202nd of 204").isEqualTo(300.0);
    }

    @Test
    void answersWithinTheIntervalOrNoIntervalAddOneSampleEach() {
        Latencies latencies = new Latencies();
        latencies.addWithExpectedInterval(49_000, 50_000);
        latencies.addWithExpectedInterval(400_000, 0);
        assertThat(latencies.count()).isEqualTo(2);
    }
}
