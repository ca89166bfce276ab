package fr.maillage.events;

import fr.maillage.events.registry.ThirdPlaceState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ThirdPlaceStateTest {

    @Test
    void aFabriqueIsAPlaceWithALabelInForceThatIsNotClosed() {
        ThirdPlaceState labelled = RegistrySamples.solilab(3, RegistrySamples.LABELLED);
        assertThat(labelled.fabriqueInForce()).isTrue();
        assertThat(RegistrySamples.solilab(4, new ThirdPlaceState.FabriqueLabel("QPV", 1, 2019, 50_000, "WITHDRAWN"))
                .fabriqueInForce()).isFalse();
        assertThat(RegistrySamples.cordee(1, null, 0).fabriqueInForce()).as("no label").isFalse();

        String json = new String(EventJson.write(labelled), StandardCharsets.UTF_8);
        assertThat(json).as("a rule, not a field of the contract").doesNotContain("fabriqueInForce").contains("\"OPEN\"");
        ThirdPlaceState closedBeforeTheRule = EventJson.read(json.replace("\"OPEN\"", "\"CLOSED\"")
                .getBytes(StandardCharsets.UTF_8), ThirdPlaceState.class);
        assertThat(closedBeforeTheRule.fabriqueLabel().status()).isEqualTo("ACTIVE");
        assertThat(closedBeforeTheRule.fabriqueInForce()).isFalse();
    }
}
