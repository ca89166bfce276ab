package fr.maillage.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackTest {

    @Test
    void theResidentMemoryOfTheStackCountsEveryPartOrIsUnknown() {
        assertThat(Stack.residentMiB(List.of("kafka        1234      512 MiB",
                "total                     2100 MiB resident (6 processes)"))).isEqualTo(2100);
        assertThat(Stack.residentMiB(List.of("total                     1800 MiB resident (5 processes)")))
                .as("a part that died would lower the total").isEqualTo(-1);
        assertThat(Stack.residentMiB(List.of("Nothing running"))).isEqualTo(-1);
    }
}
