package fr.maillage.simulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An HTTP client that behaves like a real publisher's: on 429 and 503 it waits as long as
 * Retry-After says, on a lost connection it backs off and tries again, the same request each time
 * (the API is idempotent), until an answer that settles it or the deadline.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Stats stats;

    Api(Stats stats) {
        this.stats = stats;
    }

    record Answer(int status, String body, long micros) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Thrown when no settling answer came before the deadline. */
    static final class GaveUp extends Exception {
        GaveUp(String message) {
            super(message);
        }
    }

    /** Sends until settled; {@code key} may be null for a public endpoint. */
    Answer send(String method, String url, String key, Object body, long deadlineNanos) throws GaveUp, InterruptedException {
        byte[] bytes = body == null ? null : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (bytes != null) {
            request.header("Content-Type", "application/json");
        }
        HttpRequest built = request.build();
        long backoffMillis = 200;
        String last = "no answer";
        while (System.nanoTime() < deadlineNanos) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                long micros = (System.nanoTime() - start) / 1000;
                int status = response.statusCode();
                if (status == 429 || status == 503) {
                    stats.throttled(status);
                    long wait = response.headers().firstValue("Retry-After").map(Api::seconds).orElse(1L) * 1000;
                    last = "HTTP " + status;
                    pause(wait + ThreadLocalRandom.current().nextLong(100), deadlineNanos);
                    continue;
                }
                return new Answer(status, response.body(), micros);
            } catch (IOException e) {
                stats.ioError();
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                pause(backoffMillis + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1), deadlineNanos);
                backoffMillis = Math.min(5_000, backoffMillis * 2);
            }
        }
        throw new GaveUp(method + " " + url + " not settled before the deadline (last: " + last + ")");
    }

    private static long seconds(String header) {
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void pause(long millis, long deadlineNanos) throws InterruptedException {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        Thread.sleep(Math.max(0, Math.min(millis, left)));
    }
}
