package fr.maillage.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line of the simulator. */
record Options(String registry, String activity, String reporting, Path keyFile, int publishers, double rate,
               Duration duration, int batch, long seed, Path out) {

    static final String USAGE = """
            Usage: Simulator [options]
              --registry URL     registry-service            [http://localhost:8081]
              --activity URL     activity-service            [http://localhost:8082]
              --reporting URL    reporting-service           [http://localhost:8084]
              --key-file FILE    the national API key        [.maillage/national.key]
              --publishers N     Fabriques publishing at once [10]
              --rate R           activity reports per second, all publishers together [1000]
              --duration D       how long to publish: 45s, 2m, 1h [30s]
              --batch B          reports per request, 1 to 1000 [100]
              --seed S           seed of the generated activity [42]
              --out FILE         also write the expected totals there, as JSON
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    static Options parse(String... args) {
        String registry = "http://localhost:8081";
        String activity = "http://localhost:8082";
        String reporting = "http://localhost:8084";
        Path keyFile = Path.of(".maillage", "national.key");
        int publishers = 10;
        double rate = 1000;
        Duration duration = Duration.ofSeconds(30);
        int batch = 100;
        long seed = 42;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--registry" -> registry = url(name, value);
                case "--activity" -> activity = url(name, value);
                case "--reporting" -> reporting = url(name, value);
                case "--key-file" -> keyFile = Path.of(value);
                case "--publishers" -> publishers = (int) number(name, value, 1, 10_000);
                case "--rate" -> rate = number(name, value, 0.1, 10_000_000);
                case "--duration" -> duration = duration(value);
                case "--batch" -> batch = (int) number(name, value, 1, 1000);
                case "--seed" -> seed = (long) number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new Options(registry, activity, reporting, keyFile, publishers, rate, duration, batch, seed, out);
    }

    static Duration duration(String value) {
        Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("--duration must look like 500ms, 30s, 2m or 1h, not '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static double number(String name, String value, double min, double max) {
        try {
            double number = Double.parseDouble(value);
            if (number < min || number > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
        }
    }

    private static String url(String name, String value) {
        if (!value.startsWith("http://") && !value.startsWith("https://")) {
            throw new IllegalArgumentException(name + " must be an http(s) URL, not '" + value + "'");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
