package fr.maillage.partnership;

import fr.maillage.partnership.RegistryFixture.Org;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authority offers premises inside its own territory only, whatever the level of that territory;
 * outside it (or without the role, or without a territory) → 403 and nothing stored.
 */
class TerritoryMatrixTest extends PartnershipIntegrationTest {

    static final Map<String, Org> AUTHORITIES = Map.of(
            "commune 44109", RegistryFixture.NANTES,
            "EPCI 244400404", RegistryFixture.NANTES_METROPOLE,
            "département 44", RegistryFixture.LOIRE_ATLANTIQUE,
            "région 52", RegistryFixture.PAYS_DE_LA_LOIRE,
            "no territory", RegistryFixture.NO_TERRITORY,
            "tiers-lieu", RegistryFixture.THIRD_PLACE,
            "national", RegistryFixture.NATIONAL,
            "analyst", RegistryFixture.ANALYST);

    @ParameterizedTest(name = "{0} offers in {1} ({2}) → {3}")
    @CsvSource({
            "commune 44109,   44109, Nantes,               201",
            "commune 44109,   44143, Rezé,                 403",
            "commune 44109,   44184, Saint-Nazaire,        403",
            "EPCI 244400404,  44109, Nantes,               201",
            "EPCI 244400404,  44143, Rezé,                 201",
            "EPCI 244400404,  44184, Saint-Nazaire,        403",
            "EPCI 244400404,  49007, Angers,               403",
            "département 44,  44184, Saint-Nazaire,        201",
            "département 44,  44109, Nantes,               201",
            "département 44,  49007, Angers,               403",
            "département 44,  75056, Paris,                403",
            "région 52,       49007, Angers,               201",
            "région 52,       85191, La Roche-sur-Yon,     201",
            "région 52,       44184, Saint-Nazaire,        201",
            "région 52,       35238, Rennes,               403",
            "région 52,       75056, Paris,                403",
            "no territory,    44109, Nantes,               403",
            "tiers-lieu,      44109, Nantes,               403",
            "national,        44109, Nantes,               403",
            "analyst,         44109, Nantes,               403",
    })
    void anAuthorityOffersInsideItsTerritoryOnly(String authority, String communeCode, String communeName, int expected) {
        String id = "territory-" + UUID.randomUUID();
        Http.Answer answer = http.post("/api/v1/premises", AUTHORITIES.get(authority).key(),
                "{\"id\":\"" + id + "\",\"communeCode\":\"" + communeCode + "\",\"address\":\"1 place de la Mairie\","
                        + "\"surfaceM2\":120,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}");

        if (expected == 201) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            assertThat(answer.json().at("/commune/name").asString()).isEqualTo(communeName);
            assertThat(http.get("/api/v1/premises/" + id, null).status()).isEqualTo(200);
        } else {
            assertProblem(answer, expected);
            assertThat(http.get("/api/v1/premises/" + id, null).status()).as("nothing stored").isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0} is outside the départements")
    @CsvSource({"97801, Saint-Martin", "97502, Saint-Pierre", "98735, Papeete"})
    void premisesInAnOverseasCollectivityAreRefused(String communeCode, String communeName) {
        // its codes are no région's or département's: summaries by région and searches could not place it
        String id = "overseas-" + UUID.randomUUID();
        Http.Answer answer = http.post("/api/v1/premises", RegistryFixture.NANTES.key(),
                "{\"id\":\"" + id + "\",\"communeCode\":\"" + communeCode + "\",\"address\":\"1 rue A\","
                        + "\"surfaceM2\":120,\"kind\":\"OFFICE\",\"terms\":\"FREE\",\"availableFrom\":\"2027-01-01\"}");

        assertProblem(answer, 400);
        assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("communeCode");
        assertThat(answer.json().at("/errors/0/message").asString()).contains(communeName);
        assertThat(http.get("/api/v1/premises/" + id, null).status()).as("nothing stored").isEqualTo(404);
    }
}
