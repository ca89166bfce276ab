package fr.maillage.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for tests that talk to a service over a real socket. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    public Answer get(String path, String key) {
        return send(builder(path, key).GET(), Map.of());
    }

    public Answer post(String path, String key, String json) {
        return post(path, key, json, Map.of());
    }

    public Answer post(String path, String key, String json, Map<String, String> headers) {
        return send(builder(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    public Answer put(String path, String key, String json) {
        return send(builder(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), Map.of());
    }

    public Answer patch(String path, String key, String json, Map<String, String> headers) {
        return send(builder(path, key).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    public Answer delete(String path, String key) {
        return send(builder(path, key).DELETE(), Map.of());
    }

    public Answer send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder;
    }

    public static JsonMapper json() {
        return JSON;
    }

    /**
     * Writes a request byte for byte to localhost's {@code port} (an HTTP client refuses to send a
     * malformed one) and answers the whole response, status line and headers included; the request
     * should say {@code Connection: close}.
     */
    public static String raw(int port, String request) {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
