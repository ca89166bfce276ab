package fr.maillage.events;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/events.md is the catalogue of every topic and event type. It is written by
 * {@link EventCatalogue#main} and committed; this test fails when the code has a type the catalogue
 * lacks or describes differently, so the catalogue cannot drift from the contracts.
 */
class EventCatalogueTest {

    static final Path CATALOGUE = Path.of("../../docs/events.md");

    @Test
    void theCommittedCatalogueDescribesEveryEventTypeOfTheCode() throws IOException {
        if (Boolean.getBoolean("maillage.events.write-catalogue")) {
            EventCatalogue.main(new String[0]);
        }
        assertThat(CATALOGUE).as("docs/events.md, written by EventCatalogue").exists();
        String committed = Files.readString(CATALOGUE, StandardCharsets.UTF_8);

        for (EventType<?> type : Contracts.ALL) {
            assertThat(committed).as("the catalogue lists %s", type.ceType()).contains("`" + type.ceType() + "`");
        }
        assertThat(committed).as("docs/events.md is out of date: regenerate it with "
                + "./mvnw -q -pl platform/events test -Dmaillage.events.write-catalogue=true").isEqualTo(EventCatalogue.render());
    }
}
