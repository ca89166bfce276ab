package fr.maillage.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that a test stops and starts again on the same port. A port the system gave
 * for port 0 is an ephemeral one: while the server is down, any outgoing connection (a Kafka
 * client, a driver reconnecting) may be given it, and the restart then fails to bind. Ports below
 * Linux's ephemeral range (32768–60999 by default) are never handed out that way.
 */
public final class TestPorts {

    private static final int LOWEST = 30_000;
    private static final int BELOW_EPHEMERAL = 32_768;

    private TestPorts() {
    }

    /** A port free now, below the ephemeral range (and above the launcher's and bench's ports). */
    public static int reusable() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + LOWEST + " and " + BELOW_EPHEMERAL));
    }
}
