package fr.maillage.simulator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorPartsTest {

    @Test
    void generatedSiretsPassTheLuhnCheck() {
        SplittableRandom random = new SplittableRandom(1);
        IntStream.range(0, 1000).mapToObj(i -> Siret.generate(random)).forEach(siret -> {
            assertThat(siret).matches("\\d{14}");
            assertThat(Siret.luhn(siret)).as(siret).isTrue();
            assertThat(siret).doesNotStartWith("356000000");
        });
        assertThat(Siret.luhn("73282932000074")).as("a real SIRET").isTrue();
        assertThat(Siret.luhn("73282932000075")).isFalse();
    }

    @Test
    void theCommandLineHasDefaultsAndReadsDurations() {
        Options defaults = Options.parse();
        assertThat(defaults.activity()).isEqualTo("http://localhost:8082");
        assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(30));

        Options options = Options.parse("--publishers", "50", "--rate", "36000", "--duration", "2m", "--batch", "1000",
                "--seed", "7", "--activity", "http://localhost:9999/", "--out", "/tmp/totals.json");
        assertThat(options.publishers()).isEqualTo(50);
        assertThat(options.rate()).isEqualTo(36_000);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.activity()).isEqualTo("http://localhost:9999");
        assertThat(Options.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.duration("45")).isEqualTo(Duration.ofSeconds(45));

        assertThatThrownBy(() -> Options.parse("--batch", "1001")).hasMessageContaining("--batch");
        assertThatThrownBy(() -> Options.parse("--duration", "soon")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> Options.parse("--nope", "1")).hasMessageContaining("unknown option");
    }

    @Test
    void theSimulatorsCategoriesAreThoseOfThePublishedContract() throws Exception {
        // the simulator speaks HTTP only and keeps its own names: they must be the contract's (the
        // bench's smoke test then has the service accept what it sends)
        JsonNode schema = new ObjectMapper().readTree(Path.of(
                "../../platform/events/src/main/resources/schemas/activity/activity-report.published.v1.schema.json").toFile());
        List<String> contract = new ArrayList<>();
        schema.at("/properties/category/enum").forEach(name -> contract.add(name.asString()));
        assertThat(contract).isNotEmpty();
        assertThat(Arrays.stream(ActivityGenerator.Category.values()).map(Enum::name))
                .containsExactlyInAnyOrderElementsOf(contract);
    }

    @Test
    void generatedReportsKeepWithinTheBoundsTheServiceChecks() {
        ActivityGenerator generator = new ActivityGenerator(new SplittableRandom(3));
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 5000; i++) {
            ActivityGenerator.Draft draft = generator.report(i, "run-0-" + i, "tl-1", "52");
            // the generator reads today for each report: the loop may cross midnight (UTC)
            assertThat(draft.date()).isBetween(today.minusDays(366), today.plusDays(1));
            assertThat(draft.participants()).isBetween(0, 100_000);
            assertThat(draft.hours()).isBetween(0.0, 10_000.0);
            assertThat(draft.hours() * 2).as("whole half hours keep every total exact").isEqualTo(Math.rint(draft.hours() * 2));
            assertThat(draft.audiences()).isNotEmpty();
            ActivityGenerator.Draft revised = generator.revise(draft);
            assertThat(revised.revision()).isEqualTo(1);
            assertThat(revised.reportId()).isEqualTo(draft.reportId());
            assertThat(revised.month()).isEqualTo(draft.date().toString().substring(0, 7));
        }
    }
}
