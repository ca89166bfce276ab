package fr.maillage.registry.usecase;

import fr.maillage.security.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * On start-up, registers the national organisation with the key in {@code MAILLAGE_NATIONAL_KEY_FILE}
 * (the launcher writes it, mode 0600; when missing it is created here). The key is never logged.
 */
@Component
class NationalBootstrap implements ApplicationRunner {

    static final String NATIONAL_ID = "national";
    private static final Logger log = LoggerFactory.getLogger(NationalBootstrap.class);

    private final EnsureNationalOrganisation national;
    private final String keyFile;

    NationalBootstrap(EnsureNationalOrganisation national, @Value("${maillage.national-key-file:}") String keyFile) {
        this.national = national;
        this.keyFile = keyFile;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (keyFile.isBlank()) {
            return;
        }
        Path path = Path.of(keyFile);
        if (!Files.exists(path)) {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(path, ApiKeys.generate() + "\n", StandardCharsets.UTF_8);
        }
        String key = Files.readString(path, StandardCharsets.UTF_8).trim();
        national.ensure(new EnsureNationalOrganisation.Command(NATIONAL_ID, key));
        log.info("National organisation '{}' accepts the key in {}", NATIONAL_ID, path);
    }
}
