package fr.maillage.systemtests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One launcher at a time starts or stops the parts of a MAILLAGE_HOME: a second is refused while the
 * first runs, and a lock left by a launcher that was killed (its pid gone, or now another program's)
 * is taken over. {@code down} with nothing
 * running is enough to see it (it builds nothing and starts nothing); so is an {@code up} refused
 * for its settings.
 */
class LauncherLockTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aSecondLauncherIsRefusedWhileTheFirstHoldsTheLock(@TempDir Path home) throws Exception {
        // stands for a launcher under way: a process whose command line names the launcher
        Process holder = new ProcessBuilder("bash", "-c", "sleep 60; true", "maillage").start();
        try {
            Path lock = Files.createDirectories(home.resolve("run/launcher.lock"));
            Files.writeString(lock.resolve("pid"), holder.pid() + "\n");

            Result refused = down(home);

            assertThat(refused.code()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("another ./maillage (pid " + holder.pid() + ")", "wait for it to end");
            assertThat(lock).as("the holder's lock is left alone").exists();
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockLeftByALauncherThatWasKilledIsTakenOverAndGivenBack(@TempDir Path home) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        Path lock = Files.createDirectories(home.resolve("run/launcher.lock"));
        Files.writeString(lock.resolve("pid"), gone.pid() + "\n");

        Result down = down(home);

        assertThat(down.code()).as(down.output()).isZero();
        assertThat(down.output()).contains("Nothing to stop");
        assertThat(lock).as("given back when the launcher ends").doesNotExist();
    }

    @Test
    void aLockWhosePidWentToAnotherProgramIsTakenOver(@TempDir Path home) throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start(); // a launcher's pid, given to something else since
        try {
            Path lock = Files.createDirectories(home.resolve("run/launcher.lock"));
            Files.writeString(lock.resolve("pid"), other.pid() + "\n");

            Result down = down(home);

            assertThat(down.code()).as(down.output()).isZero();
            assertThat(lock).doesNotExist();
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTimeoutThatIsNotWholeSecondsIsRefusedBeforeAnythingIsStopped(@TempDir Path home) throws Exception {
        Result down = down(home, Map.of("MAILLAGE_STOP_TIMEOUT", "40s"));

        assertThat(down.code()).as(down.output()).isEqualTo(1);
        assertThat(down.output()).contains("MAILLAGE_STOP_TIMEOUT must be a whole number of seconds", "'40s'")
                .doesNotContain("Nothing to stop");
    }

    @Test
    void aLockHoldingThisLaunchersOwnPidIsALockLeftByAKilledOne(@TempDir Path home) throws Exception {
        // exec keeps the shell's pid: the launcher finds its own pid in the lock, as after a restart
        // that gave a killed launcher's pid to the new one
        Path output = home.resolve("output");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "mkdir -p \"$MAILLAGE_HOME/run/launcher.lock\" && "
                + "echo $$ >\"$MAILLAGE_HOME/run/launcher.lock/pid\" && exec \"$0\" down", ROOT.resolve("maillage").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_"));
        builder.environment().put("MAILLAGE_HOME", home.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(output, UTF_8);

        assertThat(process.exitValue()).as(said).isZero();
        assertThat(said).contains("Nothing to stop");
    }

    @Test
    void twoPartsGivenOnePortOrAPortThatIsNoNumberAreRefusedBeforeAnythingIsBuiltOrStarted(@TempDir Path home)
            throws Exception {
        Result shared = launch(home, "up", Map.of("MAILLAGE_REGISTRY_PORT", "18982", "MAILLAGE_ACTIVITY_PORT", "18982"));

        assertThat(shared.code()).as(shared.output()).isEqualTo(1);
        assertThat(shared.output()).contains("MAILLAGE_REGISTRY_PORT and MAILLAGE_ACTIVITY_PORT are both 18982")
                .doesNotContain("Building");
        assertThat(home.resolve("run")).as("nothing started").satisfiesAnyOf(
                run -> assertThat(run).doesNotExist(),
                run -> assertThat(Files.list(run).filter(file -> file.toString().endsWith(".pid"))).isEmpty());

        Result word = launch(home, "up", Map.of("MAILLAGE_REPORTING_PORT", "http"));
        assertThat(word.code()).as(word.output()).isEqualTo(1);
        assertThat(word.output()).contains("MAILLAGE_REPORTING_PORT must be a port number (1 to 65535), not 'http'");
    }

    @Test
    void aHomeTheLauncherMakesIsItsOwnersAlone(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("new").resolve("home");
        Path output = dir.resolve("output");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("maillage").toString(), "down")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_"));
        builder.environment().put("MAILLAGE_HOME", home.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(Files.readString(output, UTF_8)).isZero();
        assertThat(Files.getPosixFilePermissions(home)).as("the store's files and the logs are under it")
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    private record Result(int code, String output) {
    }

    private static Result down(Path home) throws Exception {
        return down(home, Map.of());
    }

    private static Result down(Path home, Map<String, String> environment) throws Exception {
        return launch(home, "down", environment);
    }

    private static Result launch(Path home, String command, Map<String, String> environment) throws Exception {
        Path output = home.resolve("output");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("maillage").toString(), command)
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MAILLAGE_"));
        builder.environment().put("MAILLAGE_HOME", home.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output, UTF_8));
    }
}
