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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * On start-up, registers the national organisation with the key in {@code MAILLAGE_NATIONAL_KEY_FILE}
 * (the launcher writes it, mode 0600; when missing it is created here), refusing to start with a key
 * of another form than generated ones. The key is never logged.
 */
@Component
public class NationalBootstrap implements ApplicationRunner {

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
        String key = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8).trim() : "";
        if (key.isEmpty()) {
            // missing, or empty after a crash while it was first written (no key was ever accepted from it)
            key = ApiKeys.generate();
            try {
                writeAtomically(path, key + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("The national key file " + path + " is missing or empty and cannot be"
                        + " written (" + e + "): put a key in it (mlg_ and 40 random characters)", e);
            }
        }
        if (!ApiKeys.isWellFormed(key)) {
            // its hash goes to every service's store and to the registry's state topic: a key a person
            // chose could be found from it, where 240 random bits cannot
            throw new IllegalStateException("The national key file " + path + " does not hold a key of the form"
                    + " mlg_ and 40 characters among A-Z, a-z, 0-9, - and _ (" + key.length() + " characters read):"
                    + " write such a key, made from a random source, or empty the file for the registry to make one");
        }
        if (national.ensure(new EnsureNationalOrganisation.Command(NATIONAL_ID, key))) {
            log.info("National organisation '{}' accepts the key in {}", NATIONAL_ID, path);
        } else {
            log.warn("The key in {} was revoked through the API: it is not accepted. Use another national key, or"
                    + " write a new key (mlg_ and 40 random characters) to the file and restart the registry.", path);
        }
    }

    /** Written next to it and moved into place: the file is never seen half-written, and is 0600 from the start. */
    private static void writeAtomically(Path path, String content) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, path.getFileName().toString(), ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(partial, content, StandardCharsets.UTF_8);
            Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
