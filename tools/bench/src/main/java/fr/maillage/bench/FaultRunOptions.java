package fr.maillage.bench;

import java.nio.file.Path;

/** The options of the runs that break things on purpose ({@code chaos}, {@code cluster}). */
record FaultRunOptions(Path root, long events) {

    /** Parses {@code [--root DIR] [--events N]}; exits with 2 and the usage on anything else. */
    static FaultRunOptions parse(String command, String[] args) {
        try {
            return read(args);
        } catch (IllegalArgumentException e) {
            System.err.println(command + ": " + e.getMessage() + "; usage: " + command + " [--events N]");
            System.exit(2);
            return null;
        }
    }

    static FaultRunOptions read(String[] args) {
        Path root = Path.of("").toAbsolutePath();
        long events = 60_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(valueOf(args, ++i)).toAbsolutePath();
                case "--events" -> events = number(args, ++i);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new FaultRunOptions(root, events);
    }

    /** The value after an option, which must be there. */
    static String valueOf(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** A positive whole number after an option. */
    static long number(String[] args, int i) {
        String value = valueOf(args, i);
        if (!value.matches("[1-9][0-9]{0,11}")) {
            throw new IllegalArgumentException(args[i - 1] + " takes a positive whole number, not '" + value + "'");
        }
        return Long.parseLong(value);
    }
}
