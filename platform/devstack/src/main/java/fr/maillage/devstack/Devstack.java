package fr.maillage.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What both devstack programs share: where data lives, which ports to use, and the check that a
 * port is free before anything binds it. Every setting comes from the environment so that
 * {@code ./maillage} (and tests) can move the whole stack with a few variables.
 */
final class Devstack {

    /** Exit status when the program cannot start because of its configuration or a taken port. */
    static final int EXIT_CANNOT_START = 2;

    private Devstack() {
    }

    /** {@code $MAILLAGE_HOME}, {@code ./.maillage} by default, as an absolute path. */
    static Path home() {
        String value = System.getenv("MAILLAGE_HOME");
        Path home = Path.of(value == null || value.isBlank() ? ".maillage" : value);
        return home.toAbsolutePath().normalize();
    }

    /** A TCP port from the environment variable {@code name}, or {@code defaultPort}. */
    static int port(String name, int defaultPort) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            return exit(name + "=" + value + " is not a TCP port (1-65535). Fix or unset " + name + ".");
        }
    }

    /**
     * Stops the program with a clear message if something already listens on {@code port} on
     * localhost, naming what wanted the port and the variable that moves it.
     */
    static void requireFreePort(int port, String what, String variable) {
        if (isTaken(port)) {
            exit(String.format(Locale.ROOT,
                    "Cannot start %s: port %d on localhost is already in use by another program.%n"
                            + "  Stop that program (see: ss -ltnp 'sport = :%d'), or choose another port:"
                            + " %s=<port> ./maillage up",
                    what, port, port, variable));
        }
    }

    private static boolean isTaken(int port) {
        // Something bound on 127.0.0.1 or on the wildcard address makes this bind fail.
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return true;
        }
        // Something listening only on another loopback address (e.g. [::1]) would still catch
        // clients that resolve "localhost" there.
        try {
            for (InetAddress address : InetAddress.getAllByName("localhost")) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 300);
                    return true;
                } catch (IOException refused) {
                    // nothing there: good
                }
            }
        } catch (IOException unresolvable) {
            // no "localhost" entry: the bind check above is all we can do
        }
        return false;
    }

    static <T> T exit(String message) {
        System.err.println("[maillage] " + message);
        System.err.flush();
        System.exit(EXIT_CANNOT_START);
        throw new IllegalStateException("unreachable");
    }

    static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
