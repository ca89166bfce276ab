package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's commands that call the services with the national key give it to curl on its
 * standard input: on a command line, any local user would read it from {@code ps}. A stub curl
 * first on the PATH records how it was called and answers as the service would.
 */
class LauncherKeyTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String KEY = "mk_national_secret_for_the_launcher_test";
    private static final String STUB = """
            #!/bin/sh
            # records its arguments and, when told to read its configuration there, its standard input
            dir=$(dirname "$0")
            printf '%s\\n' "$*" >>"$dir/arguments"
            case " $* " in *" -K - "*) cat >>"$dir/input" ;; esac
            case " $* " in
              *" -X POST "*rebuild*) printf '{"generation":1,"targetEvents":5}\\n202' ;;
              *rebuild*) printf '{"state":"SWAPPED","replayedEvents":5,"seconds":1,"eventsPerSecond":5,"liveGeneration":1}\\n200' ;;
              *imports*) printf '{"imported":1,"updated":0,"unchanged":0,"rejected":[]}\\n200' ;;
            esac
            """;

    @ParameterizedTest
    @ValueSource(strings = {"rebuild", "import"})
    void theNationalKeyNeverAppearsOnCurlsCommandLine(String command, @TempDir Path dir) throws Exception {
        Path csv = dir.resolve("base.csv");
        Files.writeString(csv, "ID;NOM\n1;Un tiers-lieu\n");
        List<String> arguments = command.equals("rebuild") ? List.of("rebuild", "reporting")
                : List.of("import", "cget-2019", csv.toString());

        launch(dir, ROOT, arguments);

        Path bin = dir.resolve("bin");
        assertThat(read(bin.resolve("arguments"))).as("curl was called").isNotBlank().doesNotContain(KEY);
        assertThat(read(bin.resolve("input"))).contains("Authorization: Bearer " + KEY);
    }

    @Test
    void aRelativeFileIsReadFromWhereTheCommandWasTyped(@TempDir Path dir) throws Exception {
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        Files.writeString(downloads.resolve("base.csv"), "ID;NOM\n1;Un tiers-lieu\n");

        String output = launch(dir, downloads, List.of("import", "cget-2019", "base.csv"));

        assertThat(output).contains(downloads.resolve("base.csv").toString());
        assertThat(read(dir.resolve("bin").resolve("arguments"))).contains("@" + downloads.resolve("base.csv"));
    }

    /**
     * Runs the launcher from {@code workingDirectory} with a national key under {@code dir}/home and
     * the stub curl in {@code dir}/bin first on the PATH; answers its output once it succeeded.
     */
    private static String launch(Path dir, Path workingDirectory, List<String> arguments) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("national.key"), KEY + "\n");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path curl = bin.resolve("curl");
        Files.writeString(curl, STUB);
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(ROOT.resolve("maillage").toString());
        builder.command().addAll(arguments);
        builder.directory(workingDirectory.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("output").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_"));
        builder.environment().put("MAILLAGE_HOME", home.toString());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(dir.resolve("output"), UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, UTF_8) : "";
    }
}
