package fr.maillage.reporting.api;

import fr.maillage.events.EventJson;
import fr.maillage.events.activity.ActivityEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ParamsTest {

    /** The filter takes exactly the categories the activity contract carries (a new one must be asked for). */
    @Test
    void theCategoryFilterTakesEveryCategoryOfTheContractAndItsMessageNamesThem() throws IOException {
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream(ActivityEvents.REPORT_PUBLISHED.schemaResource())) {
            assertThat(in).as(ActivityEvents.REPORT_PUBLISHED.schemaResource()).isNotNull();
            schema = EventJson.mapper().readTree(in);
        }
        List<String> categories = new ArrayList<>();
        schema.path("properties").path("category").path("enum").forEach(value -> categories.add(value.asString()));
        assertThat(categories).isNotEmpty();

        Pattern filter = Pattern.compile(Params.CATEGORY);
        assertThat(categories).allMatch(category -> filter.matcher(category).matches());
        assertThat(Params.CATEGORY).isEqualTo("^(" + String.join("|", categories) + ")$");
        assertThat(Params.CATEGORY_MESSAGE).isEqualTo("must be one of " + String.join(", ", categories));
    }
}
