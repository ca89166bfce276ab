package fr.maillage.bench;

import java.nio.file.Path;

/** The options of the runs that break things on purpose ({@code chaos}, {@code cluster}). */
record FaultRunOptions(Path root, long events) {

    /** Parses {@code [--root DIR] [--events N]}; exits with 2 and the usage on anything else. */
    static FaultRunOptions parse(String command, String[] args) {
        Path root = Path.of("").toAbsolutePath();
        long events = 60_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
                case "--events" -> events = Long.parseLong(args[++i]);
                default -> {
                    System.err.println(command + ": unknown option " + args[i] + "; usage: " + command + " [--events N]");
                    System.exit(2);
                }
            }
        }
        return new FaultRunOptions(root, events);
    }
}
