package fr.maillage.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON-over-HTTP client for the measurements. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // the JDK keeps at most 5 idle connections to a host by default: the query probe's workers
        // would open a new one for most requests, which is not how a browser polls a dashboard
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(java.util.concurrent.Executors.newFixedThreadPool(64)).build();

    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    static Answer get(String url, String key) throws IOException, InterruptedException {
        return send(request(url, key).GET());
    }

    /**
     * A GET as the dashboard sends it ({@code Accept: application/json}) on a kept-alive connection,
     * the answer read whole; answers its status. Blocking and lean: the probe shares the machine it
     * measures, and {@link HttpClient} cost it more CPU than the service spent answering.
     */
    static int getAsDashboard(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Accept", "application/json");
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes(); // read to the end, so that the connection is kept for the next request
            }
        }
        return status;
    }

    static Answer post(String url, String key, Object body) throws IOException, InterruptedException {
        return send(request(url, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    static Answer put(String url, String key, Object body) throws IOException, InterruptedException {
        return send(request(url, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    static Answer expect(int status, Answer answer, String what) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + ": HTTP " + answer.status() + " " + answer.body());
        }
        return answer;
    }

    private static HttpRequest.Builder request(String url, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A SIRET with a valid Luhn key, from a 13-digit seed. */
    static String siret(long seed) {
        String base = String.format("%013d", Math.floorMod(seed, 10_000_000_000_000L));
        for (int check = 0; check <= 9; check++) {
            String candidate = base + check;
            if (luhn(candidate) && !candidate.startsWith("356000000")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Luhn key for " + base);
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private Http() {
    }
}
