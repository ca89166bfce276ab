package fr.maillage.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mistyped option gets a sentence and the usage (the command exits 2), never a stack trace. */
class OptionsTest {

    @Test
    void theBenchsDurationIsSecondsOrMinutesAsTheSimulatorTakesIt() {
        assertThat(Bench.Options.parse(new String[]{"--duration", "90"}).seconds()).isEqualTo(90);
        assertThat(Bench.Options.parse(new String[]{"--duration", "90s"}).seconds()).isEqualTo(90);
        assertThat(Bench.Options.parse(new String[]{"--duration", "2m"}).seconds()).isEqualTo(120);
        assertThatThrownBy(() -> Bench.Options.parse(new String[]{"--duration", "2h"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not '2h'").hasMessageContaining("usage: bench");
    }

    @Test
    void anOptionWithoutItsValueOrWithANonNumberIsRefusedWithASentence() {
        assertThatThrownBy(() -> Bench.Options.parse(new String[]{"--duration"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--duration needs a value");
        assertThatThrownBy(() -> Bench.Options.parse(new String[]{"--rebuild-events", "lots"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 'lots'");
        assertThatThrownBy(() -> FaultRunOptions.read(new String[]{"--events", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--events takes a positive whole number, not 'x'");
        assertThatThrownBy(() -> FaultRunOptions.read(new String[]{"--events"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--events needs a value");
        assertThat(FaultRunOptions.read(new String[]{"--events", "5000"}).events()).isEqualTo(5_000);
    }
}
