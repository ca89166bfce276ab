package fr.maillage.simulator;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays many Fabriques publishing activity at once against a running stack, over HTTP only, and
 * prints the totals the reporting projections should then show. Also the load generator of the
 * ingest benchmark.
 */
public final class Simulator {

    private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final Options options;
    private final Stats stats = new Stats();
    private final Api api = new Api(stats);
    private final ExpectedTotals totals = new ExpectedTotals();
    private final String run = Long.toString(System.currentTimeMillis() / 1000, 36);

    private Simulator(Options options) {
        this.options = options;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("simulator: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        try {
            new Simulator(options).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        } catch (Exception e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws Exception {
        String nationalKey = nationalKey();
        say("Setting up %d Fabriques in the registry at %s (run %s) …", options.publishers(), options.registry(), run);
        Setup setup = new Setup(api, options.registry(), nationalKey, run, options.seed());
        List<Setup.Publisher> publishers = setup.create(options.publishers());
        int places = publishers.stream().mapToInt(p -> p.places().size()).sum();
        if (!setup.networksSupported()) {
            say("The registry has no Fabrique label or network endpoints yet (HTTP 404/405): each Fabrique publishes"
                    + " only for its own place.");
        }
        say("%d Fabriques, %d places. Waiting until activity-service at %s accepts them …", publishers.size(), places,
                options.activity());
        for (Setup.Publisher publisher : publishers) {
            awaitAccepted(publisher);
        }

        double perPublisher = options.rate() / publishers.size();
        say("Publishing %,.0f reports/s for %s in batches of %d …", options.rate(), human(options.duration()),
                options.batch());
        long start = System.nanoTime();
        AtomicLong end = new AtomicLong(start + options.duration().toNanos());
        stopOnRequest(end);
        List<Thread> threads = new ArrayList<>();
        for (Setup.Publisher publisher : publishers) {
            Thread thread = new Thread(new PublisherLoop(publisher, api, options.activity(), perPublisher,
                    options.batch(), end, totals, stats, run, options.seed()), "publisher-" + publisher.index());
            thread.start();
            threads.add(thread);
        }
        Thread progress = new Thread(() -> progress(start), "progress");
        progress.setDaemon(true);
        progress.start();
        for (Thread thread : threads) {
            thread.join();
        }
        progress.interrupt();
        double seconds = (System.nanoTime() - start) / 1e9;
        long endedAtMillis = System.currentTimeMillis(); // the last batch answered: an end-to-end clock starts here

        ExpectedTotals.Snapshot expected = totals.snapshot();
        Map<String, Object> runInfo = runInfo(publishers.size(), places, setup.networksSupported(), seconds);
        runInfo.put("endedAtMillis", endedAtMillis);
        print(expected, runInfo);
        compareWithReporting();
        if (options.out() != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("reports", expected.reports());
            json.put("participants", expected.participants());
            json.put("hours", expected.hours());
            json.put("byCategory", expected.byCategory());
            json.put("byMonth", expected.byMonth());
            json.put("byRegion", expected.byRegion());
            json.put("byPlace", expected.byPlace());
            json.put("run", runInfo);
            Files.write(options.out(), Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
            say("Expected totals written to %s", options.out());
        }
    }

    /**
     * A line "stop" on standard input ends the run early, as its duration would: batches under way
     * are settled and the totals printed (the bench stops its load this way once its probes are done).
     */
    private static void stopOnRequest(AtomicLong end) {
        Thread reader = new Thread(() -> {
            try (var input = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = input.readLine()) != null) {
                    if (line.trim().equals("stop")) {
                        end.set(System.nanoTime());
                        return;
                    }
                }
            } catch (IOException ignored) {
                // no standard input: the run lasts its duration
            }
        }, "stop-on-request");
        reader.setDaemon(true);
        reader.start();
    }

    private String nationalKey() throws IOException {
        try {
            String key = Files.readString(options.keyFile(), StandardCharsets.UTF_8).trim();
            if (key.isEmpty()) {
                throw new IllegalStateException("the key file " + options.keyFile() + " is empty");
            }
            return key;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no national key at " + options.keyFile() + ": is the stack up (./maillage up)?");
        }
    }

    /**
     * Waits until activity-service's replica of the registry knows the publisher's key and places,
     * by publishing last month's indicators for each place (a probe that changes no activity total)
     * until every one is accepted.
     */
    private void awaitAccepted(Setup.Publisher publisher) throws Exception {
        String month = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
        List<Map<String, Object>> indicators = new ArrayList<>();
        for (int i = 0; i < publisher.places().size(); i++) {
            indicators.add(Map.of("reportId", run + "-probe-" + publisher.index() + "-" + i,
                    "thirdPlaceId", publisher.places().get(i).id(), "month", month, "members", 10 + i));
        }
        long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
        String last = "";
        while (System.nanoTime() < deadline) {
            Api.Answer answer = api.send("POST", options.activity() + "/api/v1/monthly-indicators", publisher.key(),
                    Map.of("indicators", indicators), deadline);
            if (answer.status() == 202 && allPublished(answer.json())) {
                return;
            }
            last = "HTTP " + answer.status() + " " + answer.body();
            Thread.sleep(250);
        }
        throw new IllegalStateException("activity-service did not accept publishing for " + publisher.organisationId()
                + " within " + TimeUnit.NANOSECONDS.toSeconds(READY_TIMEOUT_NANOS) + " s; last answer: " + last);
    }

    private static boolean allPublished(JsonNode answer) {
        for (JsonNode result : answer.path("results")) {
            String status = result.path("status").asString("");
            if (!status.equals("ACCEPTED") && !status.equals("DUPLICATE")) {
                return false;
            }
        }
        return true;
    }

    /** A line every 5 s while publishing; the bench reads it (its {@code SimulatorRun.Settling}). */
    public static final String PROGRESS =
            "[%4.0fs] %,d reports accepted (%,.0f/s), %,d duplicates, %,d rejected; 429: %d, 503: %d, I/O errors: %d";

    private void progress(long start) {
        try {
            while (true) {
                Thread.sleep(5_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                say(PROGRESS, seconds, stats.accepted.sum(), stats.accepted.sum() / seconds, stats.duplicates.sum(),
                        stats.rejected.sum(), stats.tooMany.sum(), stats.unavailable.sum(), stats.ioErrors.sum());
            }
        } catch (InterruptedException e) {
            // the run is over
        }
    }

    private Map<String, Object> runInfo(int publishers, int places, boolean networks, double seconds) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("run", run);
        info.put("seed", options.seed());
        info.put("publishers", publishers);
        info.put("places", places);
        info.put("networks", networks);
        info.put("targetRate", options.rate());
        info.put("batch", options.batch());
        info.put("seconds", Math.round(seconds * 10) / 10.0);
        info.put("batches", stats.batches.sum());
        info.put("resentBatches", stats.resentBatches.sum());
        info.put("failedBatches", stats.failedBatches.sum());
        info.put("itemsSent", stats.items.sum());
        info.put("revisionsSent", stats.revisions.sum());
        info.put("accepted", stats.accepted.sum());
        info.put("duplicates", stats.duplicates.sum());
        info.put("rejected", stats.rejected.sum());
        info.put("tooManyRequests", stats.tooMany.sum());
        info.put("unavailable", stats.unavailable.sum());
        info.put("ioErrors", stats.ioErrors.sum());
        info.put("acceptedPerSecond", Math.round(stats.accepted.sum() / seconds));
        info.put("latencyMillis", stats.latencyMillis());
        return info;
    }

    private void print(ExpectedTotals.Snapshot expected, Map<String, Object> run) {
        say("");
        say("Run %s: %d Fabriques, %d places (networks: %s), %s s, target %,.0f reports/s in batches of %d, seed %d.",
                run.get("run"), run.get("publishers"), run.get("places"), (boolean) run.get("networks") ? "yes" : "no",
                run.get("seconds"), options.rate(), options.batch(), options.seed());
        say("Requests: %,d batches (%,d sent again on purpose), %,d unsettled; answer times (ms) %s.",
                stats.batches.sum(), stats.resentBatches.sum(), stats.failedBatches.sum(), stats.latencyMillis());
        say("Items: %,d sent (%,d revisions): %,d ACCEPTED, %,d DUPLICATE, %,d REJECTED; 429: %,d, 503: %,d, I/O errors: %,d.",
                stats.items.sum(), stats.revisions.sum(), stats.accepted.sum(), stats.duplicates.sum(),
                stats.rejected.sum(), stats.tooMany.sum(), stats.unavailable.sum(), stats.ioErrors.sum());
        say("Throughput: %,d accepted reports/s.", run.get("acceptedPerSecond"));
        if (stats.failedBatches.sum() > 0) {
            say("WARNING: %d batches were not settled; what they published, if anything, is not in the totals below.",
                    stats.failedBatches.sum());
        }
        say("");
        say("Expected totals (each accepted report once, at its latest revision):");
        say("  %-24s %10s %14s %14s", "", "reports", "participants", "hours");
        say("  %-24s %,10d %,14d %,14.1f", "all", expected.reports(), expected.participants(), expected.hours());
        table("by category", expected.byCategory());
        table("by month", expected.byMonth());
        table("by région", expected.byRegion());
    }

    private static void table(String title, Map<String, ExpectedTotals.Figures> rows) {
        say("  %s", title);
        rows.forEach((name, figures) -> say("    %-22s %,10d %,14d %,14.1f", name, figures.reports(),
                figures.participants(), figures.hours()));
    }

    /** Best effort: what reporting-service shows now (every run since the stack started, maybe still catching up). */
    private void compareWithReporting() {
        try {
            Api.Answer answer = api.send("GET", options.reporting() + "/api/v1/activity", null, null,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(3));
            if (answer.status() == 200 && answer.json().has("reports")) {
                JsonNode body = answer.json();
                say("reporting-service shows now: %,d reports, %,d participants, %,.1f hours (every run since the"
                                + " stack started; it may still be catching up).", body.path("reports").asLong(),
                        body.path("participants").asLong(), body.path("hours").asDouble());
            } else {
                say("reporting-service at %s answered HTTP %d to GET /api/v1/activity.", options.reporting(), answer.status());
            }
        } catch (Exception e) {
            say("reporting-service at %s did not answer (%s).", options.reporting(), e.getMessage());
        }
    }

    private static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
