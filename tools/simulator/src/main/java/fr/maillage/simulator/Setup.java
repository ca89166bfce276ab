package fr.maillage.simulator;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates the simulated Fabriques through the registry API with the national key: an organisation
 * with a valid SIRET and an API key, its Fabrique place (labelled) and one to three member places
 * in its network. Ids are chosen here, so a retried request lands on the same record.
 */
final class Setup {

    /** A place a publisher may publish for, with its région. */
    record Place(String id, String region) {
    }

    /** One simulated Fabrique: its organisation, key and the places it publishes for. */
    record Publisher(int index, String organisationId, String key, List<Place> places) {
    }

    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final Api api;
    private final String registry;
    private final String nationalKey;
    private final String run;
    private final long seed;
    private final AtomicBoolean networksSupported = new AtomicBoolean(true);

    Setup(Api api, String registry, String nationalKey, String run, long seed) {
        this.api = api;
        this.registry = registry;
        this.nationalKey = nationalKey;
        this.run = run;
        this.seed = seed;
    }

    /** False when the registry has no label or network endpoints (404/405): each Fabrique then publishes for its own place only. */
    boolean networksSupported() {
        return networksSupported.get();
    }

    List<Publisher> create(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, count));
        try {
            List<Future<Publisher>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> publisher(index)));
            }
            List<Publisher> publishers = new ArrayList<>();
            for (Future<Publisher> future : futures) {
                publishers.add(future.get());
            }
            return publishers;
        } finally {
            pool.shutdownNow();
        }
    }

    private Publisher publisher(int index) throws Exception {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        Communes.Commune home = Communes.forPublisher(index, random);
        String organisationId = id("org", index, 0);
        Map<String, Object> organisation = new LinkedHashMap<>();
        organisation.put("id", organisationId);
        organisation.put("name", "Fabrique simulée " + (index + 1) + " de " + home.name());
        organisation.put("kind", "ASSOCIATION");
        // one SIRET names one organisation: each run's publishers have their own, and the seed's other
        // choices (communes, labels, members) stay what they were
        organisation.put("siret", Siret.generate(new SplittableRandom(run.hashCode() * 31L + seed * 1_000_003L + index)));
        organisation.put("roles", List.of("FABRIQUE"));
        expect(post("/api/v1/organisations", organisation), "register organisation " + organisationId);
        String key = expect(post("/api/v1/organisations/" + organisationId + "/api-keys", null),
                "issue a key to " + organisationId).json().get("apiKey").asString();

        List<Place> places = new ArrayList<>();
        String fabriqueId = id("tl", index, 0);
        places.add(place(fabriqueId, "Fabrique de " + home.name(), home, organisationId, List.of("COWORKING", "FABLAB")));
        if (!networksSupported.get()) {
            return new Publisher(index, organisationId, key, places);
        }
        Map<String, Object> label = Map.of("track", random.nextInt(2) == 0 ? "QPV" : "RURAL",
                "wave", 1 + random.nextInt(3), "year", 2019 + random.nextInt(4), "yearlyGrantEur", 50_000);
        Api.Answer labelled = send("PUT", "/api/v1/third-places/" + fabriqueId + "/fabrique-label", label);
        if (unsupported(labelled)) {
            return new Publisher(index, organisationId, key, places);
        }
        expect(labelled, "label " + fabriqueId);
        int members = 1 + random.nextInt(3);
        for (int m = 1; m <= members; m++) {
            Communes.Commune commune = Communes.inRegion(home.region(), random);
            String memberId = id("tl", index, m);
            Place member = place(memberId, "Tiers-lieu " + m + " du réseau de " + home.name(), commune, null,
                    List.of(random.nextBoolean() ? "DIGITAL_MEDIATION" : "COWORKING"));
            Api.Answer joined = send("PUT", "/api/v1/fabriques/" + fabriqueId + "/members/" + memberId, null);
            if (unsupported(joined)) {
                break;
            }
            expect(joined, "add " + memberId + " to the network of " + fabriqueId);
            places.add(member);
        }
        return new Publisher(index, organisationId, key, places);
    }

    private Place place(String id, String name, Communes.Commune commune, String operatorId, List<String> typologies)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", name);
        body.put("communeCode", commune.code());
        if (operatorId != null) {
            body.put("operatorId", operatorId);
        }
        body.put("typologies", typologies);
        body.put("status", "OPEN");
        JsonNode created = expect(post("/api/v1/third-places", body), "register tiers-lieu " + id).json();
        // the région expected in the totals is the simulator's own, not the registry's (what is being checked)
        String registered = created.path("commune").path("region").asString();
        if (!commune.region().equals(registered)) {
            throw new IllegalStateException("the registry placed commune " + commune.code() + " (" + commune.name()
                    + ") in région " + registered + ", expected " + commune.region());
        }
        return new Place(id, commune.region());
    }

    private boolean unsupported(Api.Answer answer) {
        if (answer.status() == 404 || answer.status() == 405) {
            networksSupported.set(false);
            return true;
        }
        return false;
    }

    private String id(String kind, int index, int member) {
        return "sim-" + run + "-" + kind + "-" + index + (member > 0 ? "-" + member : "");
    }

    private Api.Answer post(String path, Object body) throws Exception {
        return send("POST", path, body);
    }

    private Api.Answer send(String method, String path, Object body) throws Exception {
        return api.send(method, registry + path, nationalKey, body, System.nanoTime() + TIMEOUT_NANOS);
    }

    private static Api.Answer expect(Api.Answer answer, String what) {
        if (!answer.ok()) {
            throw new IllegalStateException("Cannot " + what + ": HTTP " + answer.status() + " " + answer.body());
        }
        return answer;
    }
}
