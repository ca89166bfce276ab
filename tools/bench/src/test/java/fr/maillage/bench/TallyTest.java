package fr.maillage.bench;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TallyTest {

    private static final JsonNode SENT = JsonMapper.builder().build().readTree("""
            {"reports": 3, "participants": 30, "hours": 4.5,
             "byRegion": {"52": {"reports": 3}}, "byPlace": {"tl-1": {"reports": 2, "participants": 20, "hours": 3.0},
                           "tl-2": {"reports": 1, "participants": 10, "hours": 1.5}}}""");

    @Test
    void aTiersLieuCountedTwiceIsAMismatchEvenWhenTheNationalFiguresAreRight() {
        Map<String, Long> counted = new HashMap<>(Tally.flatten(SENT));
        assertThat(Tally.compare(SENT, counted, line -> { }).exact()).isTrue();

        counted.put("byPlace.tl-1.reports", 3L);
        List<String> said = new ArrayList<>();
        Tally.Result result = Tally.compare(SENT, counted, said::add);

        assertThat(result.exact()).isFalse();
        assertThat(result.mismatches()).isEqualTo(1);
        assertThat(said).singleElement().asString().contains("byPlace.tl-1.reports").contains("sent 2, counted 3");
    }

    @Test
    void aTiersLieuNotReadIsAMismatch() {
        Map<String, Long> counted = new HashMap<>(Tally.flatten(SENT));
        counted.remove("byPlace.tl-2.reports");

        assertThat(Tally.compare(SENT, counted, line -> { }).mismatches()).isEqualTo(1);
    }

    @Test
    void aRevisionCountedTwiceInATiersLieuIsAMismatchThoughEveryReportCountIsRight() {
        Map<String, Long> counted = new HashMap<>(Tally.flatten(SENT));
        counted.merge("byPlace.tl-1.participants", 3L, Long::sum);
        counted.merge("byPlace.tl-1.hours", 25L, Long::sum);
        List<String> said = new ArrayList<>();

        Tally.Result result = Tally.compare(SENT, counted, said::add);

        assertThat(result.exact()).isFalse();
        assertThat(result.lost() + result.duplicated()).as("no report count differs").isZero();
        assertThat(said).containsExactlyInAnyOrder("  byPlace.tl-1.participants: sent 20, counted 23",
                "  byPlace.tl-1.hours: sent 300, counted 325");
    }
}
