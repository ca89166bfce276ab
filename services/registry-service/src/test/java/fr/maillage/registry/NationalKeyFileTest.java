package fr.maillage.registry;

import fr.maillage.registry.usecase.NationalBootstrap;
import fr.maillage.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The national key file after its key was revoked through the API. It shares the suite's national
 * key, so it ends with a new one in the file, as an operator would (other tests read the file).
 */
class NationalKeyFileTest extends RegistryIntegrationTest {

    @Autowired
    NationalBootstrap bootstrap;

    @Test
    void aRevokedNationalKeyStaysRevokedWhenTheRegistryStartsAgainAndANewKeyInTheFileIsAccepted() throws Exception {
        String revoked = nationalKey;
        Http.Answer issued = http.post("/api/v1/organisations/national/api-keys", revoked, "");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String spare = issued.json().get("apiKey").asString();
        String spareId = issued.json().get("keyId").asString();
        assertThat(http.delete("/api/v1/organisations/national/api-keys/bootstrap", spare).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/organisations/national", revoked).status()).isEqualTo(401);

        bootstrap.run(null); // what a restart does with the same file

        assertThat(http.get("/api/v1/organisations/national", revoked).status())
                .as("a revoked key never comes back").isEqualTo(401);

        Files.writeString(KEY_FILE.resolveSibling("national.key.new"), "maillage2026\n");
        Files.move(KEY_FILE.resolveSibling("national.key.new"), KEY_FILE, StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> bootstrap.run(null)).as("a key a person chose is found from its hash")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mlg_ and 40 characters")
                .hasMessageNotContaining("maillage2026");
        assertThat(http.get("/api/v1/organisations/national", "maillage2026").status()).isEqualTo(401);

        Files.writeString(KEY_FILE.resolveSibling("national.key.new"), "\n");
        Files.move(KEY_FILE.resolveSibling("national.key.new"), KEY_FILE, StandardCopyOption.REPLACE_EXISTING);
        bootstrap.run(null); // an empty file (a crash while it was first written): a new key is made
        String fresh = Files.readString(KEY_FILE).trim();
        assertThat(fresh).startsWith("mlg_").isNotEqualTo(revoked);
        assertThat(http.get("/api/v1/organisations/national", fresh).status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/organisations/national/api-keys/" + spareId, fresh).status()).isEqualTo(204);
    }
}
