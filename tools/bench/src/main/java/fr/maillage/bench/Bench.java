package fr.maillage.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code ./maillage bench}: measures the backbone on a fresh embedded stack of its own, against raw
 * Kafka measured on the same broker in the same run, checks that the projections equal what was
 * sent (a fast wrong answer fails), writes the table to docs/performance.md and ends with one line.
 */
public final class Bench {

    private final Options options;
    private final Stack stack;
    private final List<Row> rows = new ArrayList<>();

    record Options(Path root, int seconds, long rebuildEvents, int rawRecords, int publishers, int portBase,
                   int freshnessProbes, int querySeconds, int outboxWrites, int startups, Path report, boolean quick) {

        static final String USAGE = "usage: bench [--quick] [--duration 60s] [--rebuild-events N] [--report FILE]";

        private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,6})(s|m)?");

        /** A duration as the simulator takes it: 90, 90s or 2m. */
        static long seconds(String text) {
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("--duration takes seconds (60, 60s) or minutes (2m), not '" + text
                        + "'; " + USAGE);
            }
            return Long.parseLong(m.group(1)) * ("m".equals(m.group(2)) ? 60 : 1);
        }

        static Options parse(String[] args) {
            Path root = Path.of("").toAbsolutePath();
            boolean quick = false;
            Path report = null;
            int seconds = 60;
            long rebuild = 1_000_000;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--root" -> root = Path.of(FaultRunOptions.valueOf(args, ++i)).toAbsolutePath();
                    case "--quick" -> quick = true;
                    case "--duration" -> seconds = (int) Math.min(3_600, seconds(FaultRunOptions.valueOf(args, ++i)));
                    case "--rebuild-events" -> rebuild = FaultRunOptions.number(args, ++i);
                    case "--report" -> report = Path.of(FaultRunOptions.valueOf(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (quick) {
                return new Options(root, 10, 50_000, 100_000, 4, 29_000, 30, 5, 30, 1, report, true);
            }
            return new Options(root, seconds, rebuild, 1_000_000, 16, 29_000, 200, 20, 200, 3,
                    report == null ? root.resolve("docs/performance.md") : report, false);
        }
    }

    /** One line of the table: the figure, its ratio to the reference when it has one, the target. */
    record Row(String figure, String value, String ratio, String target, boolean met) {
    }

    private Bench(Options options) {
        this.options = options;
        this.stack = new Stack(options.root(), options.root().resolve(".maillage-bench"), options.portBase());
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + (e.getMessage().contains("usage:") ? "" : "; " + Options.USAGE));
            System.exit(2);
            return;
        }
        boolean ok = false;
        Bench bench = new Bench(options);
        Thread stopOnInterrupt = new Thread(bench.stack::downQuietly, "bench-stop"); // Ctrl-C: its stack goes too
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            ok = bench.run();
        } catch (Exception e) {
            // a phase failed: say why and exit, whatever threads of its load are still running
            // (the JVM stayed up for an hour once, a failed rebuild's load threads keeping it)
            System.err.println("bench: failed: " + e.getMessage());
            e.printStackTrace();
        } finally {
            bench.stack.down();
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        say("Starting a fresh stack of its own under %s …", stack.home);
        Stack.Startup startup = stack.upFresh(options.startups());
        double upSeconds = startup.median();
        if (!Double.isNaN(startup.firstSeconds())) {
            say("  first start after a build (jars extracted, no class archives yet) %.1f s", startup.firstSeconds());
        }
        say("  %s with no data: %s s", startup.seconds().size() == 1 ? "started" : "started " + startup.seconds().size()
                + " times", startup.seconds().stream().map(Bench::oneDecimal).collect(Collectors.joining(", ")));
        long upMemory = stack.residentMiB();
        MemoryPeak memory = MemoryPeak.start(stack);
        String nationalKey = Files.readString(stack.keyFile(), StandardCharsets.UTF_8).trim();
        Probes probes = new Probes(stack, nationalKey);

        say("Reference: raw Kafka, %,d records of 500 bytes …", options.rawRecords());
        RawKafka.Result raw = RawKafka.measure(stack.kafka(), options.rawRecords());
        say("  producer %,.0f records/s, consumer %,.0f records/s", raw.producerRecordsPerSecond(),
                raw.consumerRecordsPerSecond());

        // as in any measurement of a JVM, the steady state is measured: the first seconds of a fresh
        // stack go to compiling its hot paths (a third of the store's CPU in its first minute)
        int warmUp = options.quick() ? 5 : 15;
        say("Warm-up: %d Fabriques publishing as fast as they can for %d s (counted in the totals, not timed) …",
                options.publishers(), warmUp);
        Totals expected = new Totals();
        expected.add(SimulatorRun.start(stack, options.publishers(), 10_000_000, warmUp, 100).await());
        awaitCounted(expected, Duration.ofMinutes(5));

        say("Ingest: %d Fabriques publishing as fast as they can for %d s …", options.publishers(), options.seconds());
        SimulatorRun ingest = SimulatorRun.start(stack, options.publishers(), 10_000_000, options.seconds(), 101);
        JsonNode ingestOut = ingest.await();
        expected.add(ingestOut);
        awaitCounted(expected, Duration.ofMinutes(5));
        // from the last answer the simulator had, not from when its process ended: reporting counts
        // meanwhile, while the simulator still reads a figure back and writes its totals
        double catchUp = (System.currentTimeMillis() - ingestOut.path("run").path("endedAtMillis").asLong()) / 1000.0;
        long accepted = ingestOut.path("run").path("accepted").asLong();
        double publishSeconds = ingestOut.path("run").path("seconds").asDouble();
        double clientRate = accepted / publishSeconds;
        double ingestRate = accepted / (publishSeconds + catchUp);
        say("  %,d events accepted in %.1f s, counted %.2f s after the last answer: %,.0f events/s end to end",
                accepted, publishSeconds, catchUp, ingestRate);
        // the peak the later phases take a fraction of is the end-to-end rate, what the backbone
        // sustains: activity alone accepts more (clientRate), but a load above what reporting counts
        // only grows a backlog, and any latency measured in it just reflects how long the phase ran
        double peak = ingestRate;
        say("  (activity alone accepted %,.0f events/s; the later phases take fractions of the %,.0f end to end)",
                clientRate, peak);

        Probes.Publisher probe = probes.registerPublisher("Sonde de fraîcheur");
        say("Freshness: %d probes while the load runs at a quarter of the peak (%,.0f events/s) …",
                options.freshnessProbes(), peak / 4);
        // the load runs until the last probe is counted (stopped then, at most 10 minutes): every
        // probe is measured at that load, however long the probes take
        Duration settle = Duration.ofSeconds(options.quick() ? 30 : 60);
        SimulatorRun quarter = SimulatorRun.start(stack, Math.max(2, options.publishers() / 2), peak / 4, 600, 202);
        quarter.awaitSteady(settle); // the load's own start (its JVM compiling, then catching up) is not its steady state
        SimulatorRun.Progress freshnessFrom = quarter.progress();
        JsonNode probesBefore = activity(PROBE_MONTH_FROM, PROBE_MONTH_TO);
        Latencies freshness = probes.freshness(probe, options.freshnessProbes(), Duration.ofMillis(50));
        // the next progress line after the probes: a short measurement (the quick form's) may fall
        // between two lines, 5 s apart, and leave the load it ran under unmeasured
        double quarterRate = quarter.nextProgress(Duration.ofSeconds(15)).rateSince(freshnessFrom);
        quarter.stop();
        expected.add(quarter.await());
        awaitCounted(expected, Duration.ofMinutes(2));

        // warm-up at the same rate, not recorded: the steady state is measured. Before it only the
        // freshness probes had asked reporting anything, and with the load on both cores the JIT takes
        // about 35 s to compile the query path (counted in docs/performance.md, fifteenth session)
        int queryWarmUp = options.quick() ? 3 : 40;
        say("Dashboard queries: 500 requests/s for %d s, after %d s of warm-up, while the load runs at half the peak …",
                options.querySeconds(), queryWarmUp);
        SimulatorRun half = SimulatorRun.start(stack, Math.max(2, options.publishers() / 2), peak / 2, 600, 303);
        half.awaitSteady(settle); // as for freshness: measured at the load's rate, not during its start
        probes.queries(500, Duration.ofSeconds(queryWarmUp));
        SimulatorRun.Progress queriesFrom = half.progress();
        Probes.Queries asked = probes.queries(500, Duration.ofSeconds(options.querySeconds()));
        double halfRate = half.nextProgress(Duration.ofSeconds(15)).rateSince(queriesFrom);
        Latencies queries = asked.latencies();
        say("  %,d queries, %,d failed (not in the percentiles)", asked.sent(), asked.failed());
        half.stop();
        expected.add(half.await());
        awaitCounted(expected, Duration.ofMinutes(2));

        // on the stack warmed up by the phases above, with nothing else running: the relay's steady
        // latency, not the class loading and cold JIT of a registry that just started
        say("Outbox: %d registry writes, each until its event is read back from Kafka, 50 ms apart, then as many"
                + " back to back …", options.outboxWrites());
        Latencies outbox = probes.outbox(options.outboxWrites(), Duration.ofMillis(50));
        Latencies outboxBackToBack = probes.outbox(options.outboxWrites(), Duration.ZERO);

        // the generation that was counting during the load: compared before the rebuild replaces it
        boolean liveExact = checkLive(expected, nationalKey, "as counted live")
                & checkProbes(probesBefore, options.freshnessProbes(), "as counted live");

        long soFar = expected.accepted + options.freshnessProbes();
        long historyEvents = Math.max(History.AT_LEAST, options.rebuildEvents() - soFar);
        say("Rebuild: %,d more events of history written to the activity topic, then every topic replayed …",
                historyEvents);
        History.Totals history = History.write(stack.kafka(), historyEvents);
        awaitWindow(History.FROM, History.TO, history.reports(), Duration.ofMinutes(10));
        long rebuildStart = System.nanoTime();
        JsonNode rebuilt = rebuild(nationalKey);
        // timed here, from the request to the new projections serving (the service's own figure
        // starts once its consumers exist and stops before the swap), to the status read: at most
        // one 200 ms poll late, which counts against the rebuild
        double rebuildSeconds = (System.nanoTime() - rebuildStart) / 1e9;
        long replayed = rebuilt.path("replayedEvents").asLong();
        double rebuildRate = replayed / rebuildSeconds;
        say("  %,d events replayed in %.1f s from the request to the swap (the service's own count: %.1f s): %,.0f events/s",
                replayed, rebuildSeconds, rebuilt.path("seconds").asDouble(), rebuildRate);

        boolean exact = liveExact & checkLive(expected, nationalKey, "after the rebuild")
                & checkProbes(probesBefore, options.freshnessProbes(), "after the rebuild") & checkHistory(history)
                & checkNothingRefused(expected);
        long peakMemory = memory.stop();

        double producerRatio = ingestRate / raw.producerRecordsPerSecond();
        double consumerRatio = rebuildRate / raw.consumerRecordsPerSecond();
        rows.add(new Row("raw Kafka producer (reference)", String.format(Locale.ROOT, "%,.0f rec/s", raw.producerRecordsPerSecond()), "1", "", true));
        rows.add(new Row("raw Kafka consumer (reference)", String.format(Locale.ROOT, "%,.0f rec/s", raw.consumerRecordsPerSecond()), "1", "", true));
        rows.add(new Row("ingest, HTTP batch API until counted in reporting", String.format(Locale.ROOT, "%,.0f ev/s", ingestRate),
                pct(producerRatio) + " of raw producer", "≥ 40%", producerRatio >= 0.40));
        rows.add(new Row("freshness p50, 202 → visible in /api/v1/activity", ms(freshness.percentileMillis(50)), "", "≤ 50 ms",
                freshness.percentileMillis(50) <= 50));
        rows.add(new Row("freshness p99", ms(freshness.percentileMillis(99)), "", "≤ 250 ms", freshness.percentileMillis(99) <= 250));
        rows.add(loadRow("load while the freshness probes ran (asked: a quarter of the peak)", quarterRate, peak / 4));
        rows.add(new Row("rebuild, every topic replayed into fresh projections", String.format(Locale.ROOT, "%,.0f ev/s", rebuildRate),
                pct(consumerRatio) + " of raw consumer", "≥ 40%", consumerRatio >= 0.40));
        rows.add(new Row("dashboard queries p99 at 500 req/s, ingest at half peak", ms(queries.percentileMillis(99)), "", "≤ 20 ms",
                queries.percentileMillis(99) <= 20));
        rows.add(loadRow("load while the queries ran (asked: half the peak)", halfRate, peak / 2));
        rows.add(new Row("outbox p99, registry write → event on Kafka (writes 50 ms apart)", ms(outbox.percentileMillis(99)),
                "", "≤ 100 ms", outbox.percentileMillis(99) <= 100));
        rows.add(new Row("outbox p99, writes back to back (each behind the previous one's replication)",
                ms(outboxBackToBack.percentileMillis(99)), "", "", true));
        rows.add(new Row("stack start-up with no data (./maillage up, class archives of an earlier start"
                + (startup.seconds().size() > 1 ? "; median of " + startup.seconds().size() + " starts" : "") + ")",
                oneDecimal(upSeconds) + " s", "", "≤ 45 s", upSeconds <= 45));
        if (!Double.isNaN(startup.firstSeconds())) {
            rows.add(new Row("first start-up after a build (jars extracted, class archives recorded)",
                    oneDecimal(startup.firstSeconds()) + " s", "", "", true));
        }
        rows.add(new Row("resident memory after start-up / at peak (every 5 s through the phases)", upMemory + " / "
                + (peakMemory < 0 ? "unknown" : Long.toString(peakMemory)) + " MiB", "", "≤ 3 GiB",
                upMemory > 0 && peakMemory > 0 && peakMemory <= 3072));
        rows.add(new Row("projections equal what was sent", exact ? "yes" : "NO", "", "yes", exact));

        String table = table();
        System.out.println();
        System.out.print(table);
        if (options.report() != null) {
            writeReport(table);
        }
        System.out.printf(Locale.ROOT, "bench: ingest=%.0f ev/s (%s of raw producer %.0f ev/s), freshness p99=%.0f ms, "
                        + "rebuild=%.0f ev/s (%s of raw consumer %.0f ev/s), query p99=%.0f ms%n",
                ingestRate, pct(producerRatio), raw.producerRecordsPerSecond(), freshness.percentileMillis(99),
                rebuildRate, pct(consumerRatio), raw.consumerRecordsPerSecond(), queries.percentileMillis(99));
        return exact;
    }

    /**
     * The load a latency was measured under, from the simulator's progress lines over the
     * measurement (5 s apart): a publisher waits for each answer, so a service slowing down would
     * lower its own load, and the latency be measured at less than the row says.
     */
    private static Row loadRow(String figure, double rate, double asked) {
        double ratio = rate / asked;
        return new Row(figure, Double.isNaN(rate) ? "unknown" : String.format(Locale.ROOT, "%,.0f ev/s", rate),
                Double.isNaN(rate) ? "" : pct(ratio) + " of the rate asked", "≥ 90%", ratio >= 0.9);
    }

    /** What the simulators had accepted, summed over the runs: the totals and every breakdown. */
    static final class Totals {
        long reports;
        long accepted;
        /** Items answered REJECTED, and batches never settled: none in a correct run (see checkNothingRefused). */
        long rejected;
        long unsettled;
        final Map<String, Long> figures = new HashMap<>();

        void add(JsonNode out) {
            reports += out.path("reports").asLong();
            accepted += out.path("run").path("accepted").asLong();
            rejected += out.path("run").path("rejected").asLong();
            unsettled += out.path("run").path("failedBatches").asLong();
            Tally.flatten(out).forEach((figure, value) -> figures.merge(figure, value, Long::sum));
        }
    }

    private static final String LIVE_FROM = "2019-01-01";
    /** The month only the freshness probes publish in ({@link Probes#freshness}). */
    private static final String PROBE_MONTH_FROM = "2001-01-01";
    private static final String PROBE_MONTH_TO = "2001-01-31";

    private String liveTo() {
        return LocalDate.now().plusYears(1).toString();
    }

    /**
     * Waits until reporting counts every report the simulators had accepted, and their corrections
     * (a correction keeps its report's month and place, so it shows in the participants, not in the
     * count of reports); returns the seconds it took.
     */
    private double awaitCounted(Totals expected, Duration timeout) throws Exception {
        long start = System.nanoTime();
        awaitWindow(LIVE_FROM, liveTo(), expected.reports, expected.figures.getOrDefault("participants", -1L), timeout);
        return (System.nanoTime() - start) / 1e9;
    }

    private void awaitWindow(String from, String to, long reports, Duration timeout) throws Exception {
        awaitWindow(from, to, reports, -1, timeout);
    }

    /** {@code participants} below 0: not waited for. */
    private void awaitWindow(String from, String to, long reports, long participants, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode counted = null;
        while (System.nanoTime() < deadline) {
            counted = activity(from, to);
            if (counted.path("reports").asLong() >= reports
                    && (participants < 0 || counted.path("participants").asLong() >= participants)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("reporting counted " + (counted == null ? "nothing" : counted.path("reports").asLong()
                + " reports and " + counted.path("participants").asLong() + " participants") + " between " + from
                + " and " + to + ", expected " + reports + " reports" + (participants < 0 ? "" : " and " + participants
                + " participants") + " (waited " + timeout.toSeconds() + " s)");
    }

    private JsonNode activity(String from, String to) throws Exception {
        return Http.expect(200, Http.get(stack.reporting() + "/api/v1/activity?from=" + from + "&to=" + to, null),
                "GET /api/v1/activity").json();
    }

    private JsonNode rebuild(String nationalKey) throws Exception {
        String url = stack.reporting() + "/api/v1/admin/rebuild";
        Http.expect(202, Http.post(url, nationalKey, java.util.Map.of()), "start the rebuild");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode status = Http.expect(200, Http.get(url, nationalKey), "rebuild status").json();
            switch (status.path("state").asString()) {
                case "SWAPPED" -> {
                    return status;
                }
                case "FAILED" -> throw new IllegalStateException("the rebuild failed: " + status.path("failure").asString());
                default -> Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the rebuild did not finish within 20 minutes");
    }

    /**
     * The window the simulators published in equals what they accepted: reports, participants, hours
     * and every breakdown by category, month and région (a count filed under the wrong région is wrong),
     * and each tiers-lieu's own counters.
     */
    private boolean checkLive(Totals expected, String nationalKey, String when) throws Exception {
        List<String> places = expected.figures.keySet().stream().filter(figure -> figure.startsWith("byPlace.") && figure.endsWith(".reports"))
                .map(figure -> figure.substring("byPlace.".length(), figure.length() - ".reports".length())).toList();
        Map<String, Long> counted = Tally.withPlaces(Tally.counted(stack.reporting()), stack.reporting(), nationalKey, places);
        Tally.Result result = Tally.compare(expected.figures, counted, line -> say("  %s", line.strip()));
        say("Projections %s: %,d reports counted, %,d sent, %d figures differing: %s", when, result.counted(),
                result.sent(), result.mismatches(), result.exact() ? "equal" : "DIFFERENT");
        return result.exact();
    }

    /**
     * The simulators send valid reports and corrections at higher revisions: an item REJECTED, or a
     * batch never settled, is something sent and not counted, which the comparisons above (of what
     * was accepted) cannot see. A service refusing its costly path would otherwise pass.
     */
    private boolean checkNothingRefused(Totals expected) {
        boolean none = expected.rejected == 0 && expected.unsettled == 0;
        say("Sent and not accepted: %,d items REJECTED, %,d batches never settled: %s", expected.rejected,
                expected.unsettled, none ? "none" : "SOME");
        return none;
    }

    /**
     * The freshness probes' month holds their reports exactly once each: a probe waits only until the
     * count reaches its own, which a report counted twice would pass too.
     */
    private boolean checkProbes(JsonNode before, int probes, String when) throws Exception {
        JsonNode now = activity(PROBE_MONTH_FROM, PROBE_MONTH_TO);
        long reports = now.path("reports").asLong() - before.path("reports").asLong();
        long participants = now.path("participants").asLong() - before.path("participants").asLong();
        // each probe is one report of one participant
        boolean ok = reports == probes && participants == probes;
        say("Freshness probes %s: %d reports / %d participants (sent %d / %d): %s", when, reports, participants, probes,
                probes, ok ? "equal" : "DIFFERENT");
        return ok;
    }

    /** After the rebuild: the history window equals what was written to the topic. */
    private boolean checkHistory(History.Totals history) throws Exception {
        JsonNode past = activity(History.FROM, History.TO);
        boolean ok = past.path("reports").asLong() == history.reports()
                && past.path("participants").asLong() == history.participants()
                && Math.round(past.path("hours").asDouble() * 100) == Math.round(history.hours() * 100);
        say("History after the rebuild: %d reports / %d participants / %.1f h (written %d / %d / %.1f): %s",
                past.path("reports").asLong(), past.path("participants").asLong(), past.path("hours").asDouble(),
                history.reports(), history.participants(), history.hours(), ok ? "equal" : "DIFFERENT");
        return ok;
    }

    private String table() {
        StringBuilder table = new StringBuilder("| figure | measured | ratio to the reference | target | met |\n|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.figure()).append(" | ").append(row.value()).append(" | ").append(row.ratio())
                    .append(" | ").append(row.target()).append(" | ").append(row.target().isEmpty() ? "" : row.met() ? "yes" : "**no**")
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Replaces the generated section of the report (between its markers), keeping the rest as written. */
    private void writeReport(String table) throws IOException {
        String machine = machine();
        String form = options.quick() ? " --quick" : options.seconds() != 60 || options.rebuildEvents() != 1_000_000
                ? " --duration " + options.seconds() + "s --rebuild-events " + options.rebuildEvents() : "";
        String section = "<!-- bench:start -->\n"
                + "Last run of `./maillage bench" + form + "` on " + java.time.ZonedDateTime.now()
                .withNano(0) + ", " + machine + (form.isEmpty() ? "" : " (not the full form: a shorter measurement)")
                + ".\n\n" + table + "<!-- bench:end -->";
        Path file = options.report();
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8)
                : "# Performance\n\n<!-- bench:start -->\n<!-- bench:end -->\n";
        int start = text.indexOf("<!-- bench:start -->");
        int end = text.indexOf("<!-- bench:end -->");
        if (start < 0 || end < 0) {
            text = text + "\n" + section + "\n";
        } else {
            text = text.substring(0, start) + section + text.substring(end + "<!-- bench:end -->".length());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        say("Table written to %s", file);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the JVM's view below is enough
        }
        return String.format(Locale.ROOT, "%d cores (%s), %d GiB RAM visible to the JVM's host, Java %s",
                Runtime.getRuntime().availableProcessors(), cpu,
                ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getTotalMemorySize() >> 30, System.getProperty("java.version"));
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String oneDecimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    static void say(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }
}
